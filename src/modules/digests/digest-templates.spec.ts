import { MAIL_LOCALES, type MailLocale } from '../mail/mail.constants';
import { MailRenderer, type RenderedMail } from '../mail/mail-renderer.service';
import { ownerDigestPlans, type DigestPlan, type LeadershipDigestView, type OwnerDigestReason, type OwnerDigestView } from './digest-view';
import { digestFooter } from './digest-mail';
import { sampleLeadershipDigest, sampleOwnerDigest, sampleOwnerLists } from './digest-view.fixtures';

const renderer = new MailRenderer();
const NBSP = '\u00a0';
const footer = (kind: 'leadership' | 'owner', locale: MailLocale) => digestFooter(kind, locale, 'Avesta kommun', 'https://handlingsplan.avesta.example');

function renderLeadership(locale: MailLocale, overrides: Partial<LeadershipDigestView> = {}): RenderedMail {
  return renderer.render('leadership-digest', locale, { ...sampleLeadershipDigest(overrides), footer: footer('leadership', locale), timeZone: 'Europe/Stockholm' });
}

type OwnerOverrides = Partial<OwnerDigestView> & Partial<Record<OwnerDigestReason, DigestPlan[]>>;

/** An owner digest; lists given by reason are merged as the builder merges them. */
function renderOwner(locale: MailLocale, { overdue, dueSoon, stale, ...overrides }: OwnerOverrides = {}): RenderedMail {
  const lists = { ...sampleOwnerLists(), ...(overdue && { overdue }), ...(dueSoon && { dueSoon }), ...(stale && { stale }) };
  const view = sampleOwnerDigest({ ...ownerDigestPlans(lists), ...overrides });
  return renderer.render('owner-digest', locale, { ...view, footer: footer('owner', locale), timeZone: 'Europe/Stockholm' });
}

const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ', '&middot;': '·', '&rarr;': '→', '&ndash;': '–', '&#9679;': '●', '&#9675;': '○',
  '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=', '&amp;': '&',
};

/** What a reader sees of the HTML body: tags dropped, entities shown, spaces collapsed. */
function visible(html: string): string {
  const start = html.indexOf('<body');
  return html
    .slice(Math.max(start, 0))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[#\w]+;/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** The table row of the HTML that shows `title`, as the reader sees it. */
function rowOf(html: string, title: string): string {
  const rows = html.match(/<tr>(?:(?!<tr>)[\s\S])*?<\/tr>/g) ?? [];
  const row = rows.find((candidate) => candidate.includes(title));
  if (!row) throw new Error(`no row shows ${title}`);
  return row;
}

/** Headings followed by nothing but a heading of the same or a higher level, or the end of the body. */
function emptyHeadings(html: string): string[] {
  const pattern = /<h([1-3])[^>]*>((?:(?!<\/?h[1-3])[\s\S])*)<\/h\1>(?=\s*(<h([1-3])|<\/td>))/g;
  return [...html.matchAll(pattern)].filter(([, level, , , next]) => next === undefined || Number(next) <= Number(level)).map(([, , text]) => visible(text));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function plan(fields: Partial<DigestPlan>): DigestPlan {
  // Each its own id: an owner digest lists a plan once, whichever lists name it.
  return { ...sampleOwnerLists().overdue[0], id: `plan-${fields.title ?? 'sample'}`, ...fields };
}

const LIGHTS = {
  sv: { on_track: 'Grön', at_risk: 'Gul', off_track: 'Röd', none: 'Ingen uppdatering' },
  en: { on_track: 'Green', at_risk: 'Amber', off_track: 'Red', none: 'No update yet' },
} as const;

/** The coloured marker of a traffic light immediately followed by its word. */
function light(html: string, colour: string, marker: '&#9679;' | '&#9675;', word: string): boolean {
  return new RegExp(`<span style="color:${colour};[^"]*">${marker}</span>&nbsp;${word}(?![\\wåäö])`).test(html);
}

describe('digest e-mails', () => {
  describe.each(MAIL_LOCALES)('in %s', (locale) => {
    it.each(['leadership', 'owner'] as const)('the %s digest has a subject, an HTML part for mail clients and a plain-text part, each with the footer', (kind) => {
      const mail = kind === 'leadership' ? renderLeadership(locale) : renderOwner(locale);
      const { reason } = footer(kind, locale);

      expect(mail.subject).toMatch(/\S/);
      expect(mail.subject.length).toBeLessThan(110);
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(mail.html).not.toMatch(/<(img|link|style|script)\b/i);
      expect(visible(mail.html)).toContain(reason);
      expect(mail.text).toContain(reason);
      expect(mail.text).not.toMatch(/<\/?[a-z][^>]*>/i);
      for (const part of [mail.subject, visible(mail.html), mail.text]) {
        expect(part).not.toMatch(/undefined|null|\[object Object\]|NaN/);
      }
    });
  });

  describe('leadership digest', () => {
    it('names the municipality, the week and the overdue actions in the subject', () => {
      expect(renderLeadership('sv').subject).toBe('Veckorapport Avesta kommun v. 48: 2 försenade åtgärder');
      expect(renderLeadership('en').subject).toBe('Weekly digest Avesta kommun week 48: 2 overdue actions');

      const quiet = { ...sampleLeadershipDigest().headline, overdue: 0 };
      expect(renderLeadership('sv', { headline: quiet }).subject).toBe('Veckorapport Avesta kommun v. 48: inga försenade åtgärder');
      expect(renderLeadership('en', { headline: { ...quiet, overdue: 1 } }).subject).toBe('Weekly digest Avesta kommun week 48: 1 overdue action');
    });

    it('gives the headline of the week: open actions, each traffic light, completed, overdue and days to the evaluation', () => {
      const sv = renderLeadership('sv');
      const shown = visible(sv.html);

      expect(shown).toContain('23 öppna åtgärder 2 försenade 2 klara den här veckan 146 dagar till nästa utvärdering');
      expect(shown).toContain('● Grön 13 ● Gul 4 ● Röd 3 ○ Ingen uppdatering 3');
      expect(shown).toContain('3 åtgärder har sista dag inom kort och 2 har inte uppdaterats på länge.');
      expect(sv.text).toContain('- Öppna åtgärder: 23\n  Grön: 13, Gul: 4, Röd: 3, Ingen uppdatering: 3\n- Försenade: 2\n- Klara den här veckan: 2');
      expect(sv.text).toContain('- Dagar till nästa utvärdering: 146');

      const en = visible(renderLeadership('en').html);
      expect(en).toContain('23 open actions 2 overdue 2 completed this week 146 days to the next evaluation');
      expect(en).toContain('● Green 13 ● Amber 4 ● Red 3 ○ No update yet 3');
    });

    it('leaves the days to the evaluation out when no evaluation is planned', () => {
      const mail = renderLeadership('sv', { headline: { ...sampleLeadershipDigest().headline, daysToNextEvaluation: null } });

      expect(visible(mail.html)).not.toContain('till nästa utvärdering');
      expect(mail.text).not.toContain('till nästa utvärdering');
    });

    it('shows one table row per area with score of max, projection, covered findings and actions by traffic light', () => {
      const html = renderLeadership('sv').html;
      const header = visible(rowOf(html, '>Område</th>'));

      expect(header).toBe('Område Poäng Prognos Fynd med åtgärd Öppna åtgärder');
      // The four traffic lights share one cell, each a marker and its word with the count.
      expect(visible(rowOf(html, 'Offentlighet och demokrati</span></td>'))).toBe('1. Offentlighet och demokrati 48 av 100 53 4 av 5 ● Grön 2 · ● Gul 1 · ● Röd 1 · ○ Ingen uppdatering 0');
      expect(visible(rowOf(html, 'Ledarskap, ansvar och delegation</span></td>'))).toBe('4. Ledarskap, ansvar och delegation 42 av 100 45,5 5 av 6 ● Grön 3 · ● Gul 1 · ● Röd 1 · ○ Ingen uppdatering 1');
      // The total row counts each active plan once; the note says why the rows add up to more.
      expect(visible(rowOf(html, 'Alla områden</th>'))).toBe('Alla områden ● Grön 13 · ● Gul 4 · ● Röd 3 · ○ Ingen uppdatering 3');
      expect(visible(html)).toContain('räknas i vart och ett av dem men bara en gång i summan: 1 öppen åtgärd hör till mer än ett område.');
      expect(visible(rowOf(renderLeadership('en').html, 'Ledarskap, ansvar och delegation</span></td>'))).toBe(
        '4. Ledarskap, ansvar och delegation 42 of 100 45.5 5 of 6 ● Green 3 · ● Amber 1 · ● Red 1 · ○ No update yet 1',
      );
    });

    it('shows a dash for an area without a published score', () => {
      const areas = sampleLeadershipDigest().areas;
      areas[7] = { ...areas[7], score: null, projectedScore: null };
      const mail = renderLeadership('sv', { areas });

      expect(visible(rowOf(mail.html, 'Kommunen som samhällsbyggare</span></td>'))).toBe('8. Kommunen som samhällsbyggare – – 2 av 2 ● Grön 1 · ● Gul 0 · ● Röd 0 · ○ Ingen uppdatering 0');
      expect(mail.text).toContain('8. Kommunen som samhällsbyggare\n   Poäng: –, prognos –\n');
    });

    it('says what changed since the last digest: traffic lights from → to, new and cancelled actions', () => {
      const mail = renderLeadership('sv');
      const shown = visible(mail.html);

      expect(shown).toContain('Sedan förra rapporten Ändrat trafikljus (3) Gemensam rutin för synpunkter och klagomål ● Grön → ● Gul');
      expect(shown).toContain('Inför verksamhetsnära förbättringsarbete i hemtjänsten ○ Ingen uppdatering → ● Grön');
      expect(shown).toContain('Nya åtgärder (1) Ny introduktion för nyanställda chefer');
      expect(mail.text).toContain('- Skriftliga uppdrag med tydliga mål för alla chefer\n  Gul → Röd\n');
      expect(renderLeadership('en').text).toContain('- Skriftliga uppdrag med tydliga mål för alla chefer\n  Amber → Red\n');
    });

    it('lists overdue, amber and red with their latest comment, completed, stale and uncovered findings', () => {
      const mail = renderLeadership('sv');
      const shown = visible(mail.html);

      expect(shown).toContain(
        'Försenade åtgärder (2) Ta fram en kommunövergripande strategi för medborgardialog ● Röd · Pågår · 30 % klart · sista dag 1 november 2026 · Karin Ek',
      );
      expect(shown).toContain(
        'Gula och röda åtgärder (4) Ta fram en kommunövergripande strategi för medborgardialog ● Röd · Pågår · 30 % klart · sista dag 1 november 2026 · Karin Ek Senaste kommentar: Arbetsgruppen har inte kunnat träffas sedan september.',
      );
      expect(shown).toContain('Klara den här veckan (2) Publicera verksamhetsresultat på kommunens webbplats ● Grön · Klar · 100 % klart');
      expect(shown).toContain('Ingen uppdatering på länge (2) Tydliggör delegationsordningen mellan nämnd och förvaltning ○ Ingen uppdatering · Planerad · 0 % klart');
      expect(shown).toContain('Otäckta fynd (6) Område 1 · Förbättringsmöjlighet Medborgarna får inte veta hur deras synpunkter har påverkat besluten.');
      expect(shown).toContain('Område 3 · Svaghet Nämndernas uppföljning');
      expect(mail.text).toContain('- Område 5, svaghet: Kostnader och kvalitet jämförs sällan med andra kommuner.');
      // The comment belongs to the amber and red list only: the overdue list does not repeat it.
      expect(shown.match(/Arbetsgruppen har inte kunnat träffas/g)).toHaveLength(1);
    });

    it('links every plan and the dashboard, and writes the links out in the text part', () => {
      const view = sampleLeadershipDigest();
      const mail = renderLeadership('en');
      const plans = [...view.overdue, ...view.atRiskOrOffTrack, ...view.completedThisWeek, ...view.stale, ...view.changes.newPlans, ...view.changes.healthChanges.map((c) => c.plan)];

      for (const { url, title } of plans) {
        expect(mail.html).toMatch(new RegExp(`<a href="${escapeRegExp(url)}"[^>]*>${escapeRegExp(title)}</a>`));
        expect(mail.text).toContain(`- ${title}\n`);
        expect(mail.text).toContain(`  ${url}\n`);
      }
      expect(mail.html).toContain(`href="${view.dashboardUrl}"`);
      expect(mail.text).toContain(`Overview: ${view.dashboardUrl}`);
    });

    it('shows the countdown and what is still open per area, under the heading, only in the last 90 days', () => {
      const countdown = { daysLeft: 45, date: '2027-01-10' };
      const sv = renderLeadership('sv', { countdown });
      const shown = visible(sv.html);
      const heading = 'VECKORAPPORT V. 48\nAvesta kommun · uppföljning av KommunKompassen 2025\n\n';
      expect(sv.text).toContain(heading);
      const body = sv.text.slice(sv.text.indexOf(heading) + heading.length);

      expect(sv.subject).toBe('Veckorapport Avesta kommun v. 48: 45 dagar till utvärderingen, 2 försenade åtgärder');
      expect(shown).toMatch(/^Handlingsplan Veckorapport v\. 48 Avesta kommun · uppföljning av KommunKompassen 2025 45 dagar kvar till nästa utvärdering Utvärderingen görs 10 januari 2027\./);
      // The page's heading comes first, the countdown's below it.
      expect(sv.html.indexOf('<h1')).toBeLessThan(sv.html.indexOf('<h2'));
      expect(visible(rowOf(sv.html, 'Verksamhetsutveckling</span></td>'))).toBe('7. Verksamhetsutveckling 1 1');
      expect(body).toMatch(/^45 DAGAR KVAR TILL NÄSTA UTVÄRDERING\n\nUtvärderingen görs 10 januari 2027\./);
      expect(body).toContain('- 5. Resultat och effektivitet: 2 öppna åtgärder, 2 fynd utan åtgärd\n');
      expect(body).toContain('- 8. Kommunen som samhällsbyggare: 1 öppen åtgärd, 0 fynd utan åtgärd\n');

      const en = renderLeadership('en', { countdown: { daysLeft: 1, date: '2026-11-27' } });
      expect(visible(en.html)).toMatch(/^Handlingsplan Weekly digest, week 48 Avesta kommun · [^]*? 1 day to the next evaluation The evaluation is on 27 November 2026\./);
      expect(en.text).toContain('- 7. Verksamhetsutveckling: 1 open action, 1 finding without action\n');

      for (const locale of MAIL_LOCALES) {
        const without = renderLeadership(locale);
        expect(visible(without.html)).toMatch(locale === 'sv' ? /^Handlingsplan Veckorapport v\. 48 / : /^Handlingsplan Weekly digest, week 48 /);
        expect(without.text).not.toMatch(/KVAR TILL|DAYS TO THE NEXT/);
        expect(without.text).not.toMatch(/öppna åtgärder, |open actions, /);
      }
    });

    it('leaves out the headings of empty lists and says briefly that nothing changed', () => {
      const empty = { overdue: [], atRiskOrOffTrack: [], completedThisWeek: [], stale: [], uncoveredFindings: [], changes: { healthChanges: [], newPlans: [], cancelled: [] } };
      const sv = renderLeadership('sv', empty);
      const en = renderLeadership('en', empty);

      for (const heading of ['Försenade åtgärder', 'Gula och röda åtgärder', 'Klara den här veckan', 'Ingen uppdatering på länge', 'Otäckta fynd', 'Sedan förra rapporten', 'Ändrat trafikljus', 'Nya åtgärder', 'Avbrutna åtgärder']) {
        expect(visible(sv.html)).not.toContain(heading);
        expect(sv.text).not.toContain(heading.toUpperCase());
        expect(sv.text).not.toContain(`${heading} (`);
      }
      for (const heading of ['Overdue actions', 'At risk or off track', 'Completed this week', 'No update for a long time', 'Findings without action', 'Since the last digest']) {
        expect(visible(en.html)).not.toContain(heading);
        expect(en.text).not.toContain(heading.toUpperCase());
      }
      expect(visible(sv.html)).toContain('Inga nya, avbrutna eller ändrade åtgärder sedan förra rapporten.');
      expect(en.text).toContain('No new, cancelled or changed actions since the last digest.');
      // The headline and the areas are there every week.
      expect(visible(sv.html)).toContain('Veckans läge');
      expect(visible(sv.html)).toContain('1. Offentlighet och demokrati 48 av 100');
    });

    it('shows only the kinds of change there were', () => {
      const view = sampleLeadershipDigest();
      const mail = renderLeadership('sv', { changes: { healthChanges: [], newPlans: view.changes.newPlans, cancelled: [] } });
      const shown = visible(mail.html);

      expect(shown).toContain('Sedan förra rapporten Nya åtgärder (1) Ny introduktion för nyanställda chefer');
      expect(shown).not.toContain('Ändrat trafikljus');
      expect(shown).not.toContain('Avbrutna åtgärder');
      expect(shown).not.toContain('Inga nya, avbrutna eller ändrade');
    });

    it('names each completed action once, under one word: Klara', () => {
      for (const locale of MAIL_LOCALES) {
        const mail = renderLeadership(locale);
        const done = sampleLeadershipDigest().completedThisWeek[0];
        expect(visible(mail.html).split(done.title)).toHaveLength(2);
        expect(mail.text.split(done.title)).toHaveLength(2);
      }
      const sv = renderLeadership('sv');
      expect(visible(sv.html)).not.toMatch(/Avslutad/i);
      expect(sv.text).not.toMatch(/Avslutad/i);
      expect(visible(sv.html)).toContain('Klara den här veckan (2)');
    });

    it('counts every plan of a list cut short, says how many it shows and links to them all on the site', () => {
      const view = sampleLeadershipDigest();
      const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...view.completedThisWeek[0], id: `done-${i}`, title: `Klar åtgärd ${i}`, url: `https://handlingsplan.avesta.example/action-plans/done-${i}` }));
      const completedUrl = 'https://handlingsplan.avesta.example/action-plans?status=completed&sort=-updatedAt';
      const newUrl = 'https://handlingsplan.avesta.example/action-plans?sort=-createdAt';
      const overrides: Partial<LeadershipDigestView> = {
        headline: { ...view.headline, completedThisWeek: 52 },
        completedThisWeek: many(50),
        changes: { ...view.changes, newPlans: many(50) },
        totals: { ...view.totals, completedThisWeek: 52, newPlans: 80 },
        more: { ...view.more, completedThisWeek: { shown: 50, total: 52, url: completedUrl }, newPlans: { shown: 50, total: 80, url: newUrl } },
      };
      const sv = renderLeadership('sv', overrides);
      const shown = visible(sv.html);

      expect(shown).toContain('52 klara den här veckan');
      expect(shown).toContain('Klara den här veckan (52)');
      expect(shown).toContain('Nya åtgärder (80)');
      expect(shown).toMatch(/Klar åtgärd 49 [^]*? Visar 50 av 52\. Se alla på webbplatsen/);
      expect(shown).toContain('Visar 50 av 80. Se alla på webbplatsen');
      expect(sv.html).toContain(`<a href="${completedUrl.replace('&', '&amp;').replace(/=/g, '&#x3D;')}" style="color:#1f3a5f;">Se alla på webbplatsen</a>`);
      expect(sv.text).toContain('- Klara den här veckan: 52\n');
      expect(sv.text).toContain('KLARA DEN HÄR VECKAN (52)');
      expect(sv.text).toContain('Nya åtgärder (80):');
      expect(sv.text).toContain(`Visar 50 av 52. Se alla på webbplatsen: ${completedUrl}\n`);
      expect(sv.text).toContain(`Visar 50 av 80. Se alla på webbplatsen: ${newUrl}\n`);
      expect(renderLeadership('en', overrides).text).toContain(`Showing 50 of 52. See them all on the site: ${completedUrl}\n`);
      // A list shown whole says nothing of the kind.
      expect(visible(renderLeadership('sv').html)).not.toContain('Visar');
      expect(renderLeadership('sv').text).not.toContain('Visar');
    });

    it('keeps the lines of a comment and of a reason, and indents them in the text part', () => {
      const base = sampleLeadershipDigest();
      const comment = 'Två saker återstår:\n- beslut i nämnden\n- utbildning';
      const reason = 'Ersätts av e-tjänsten.\n- se beslut 2026-11-20';
      const mail = renderLeadership('sv', {
        atRiskOrOffTrack: [{ ...base.atRiskOrOffTrack[0], latestComment: comment }],
        changes: { ...base.changes, cancelled: [{ ...base.changes.cancelled[0], cancellationReason: reason }] },
      });

      expect(mail.html).toMatch(/<div style="[^"]*white-space:pre-line;[^"]*">Senaste kommentar: Två saker återstår:\n- beslut i nämnden\n- utbildning<\/div>/);
      expect(mail.html).toMatch(/<span style="[^"]*white-space:pre-line;[^"]*">Skäl: Ersätts av e-tjänsten\.\n- se beslut 2026-11-20<\/span>/);
      expect(mail.text).toContain('  Senaste kommentar: Två saker återstår:\n  - beslut i nämnden\n  - utbildning\n');
      expect(mail.text).toContain('  Skäl: Ersätts av e-tjänsten.\n  - se beslut 2026-11-20\n');
      // No line of the comment starts a list item of its own.
      expect(mail.text).not.toMatch(/^- (beslut|utbildning|se beslut)/m);
    });

    it('begins with the one h1, whether the countdown shows or not', () => {
      for (const countdown of [null, { daysLeft: 45, date: '2027-01-10' }]) {
        const html = renderLeadership('sv', { countdown }).html;
        const levels = [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
        expect(levels[0]).toBe(1);
        expect(levels.filter((level) => level === 1)).toHaveLength(1);
      }
    });

    it('marks the Swedish text of the report and of the plans as Swedish in an English digest', () => {
      const en = renderLeadership('en', { countdown: { daysLeft: 45, date: '2027-01-10' } }).html;
      const view = sampleLeadershipDigest();

      expect(en).toContain('<span lang="sv">Offentlighet och demokrati</span>');
      expect(en.match(/<span lang="sv">Offentlighet och demokrati<\/span>/g)).toHaveLength(2);
      expect(en).toContain(`<span lang="sv">${view.uncoveredFindings[0].text}</span>`);
      expect(en).toMatch(new RegExp(`<a href="${escapeRegExp(view.overdue[0].url)}" lang="sv"[^>]*>${escapeRegExp(view.overdue[0].title)}</a>`));
      expect(en).toMatch(new RegExp(`<a href="${escapeRegExp(view.changes.healthChanges[0].plan.url)}" lang="sv"[^>]*>`));
      // In a Swedish digest the page's own language covers them.
      expect(renderLeadership('sv').html).not.toMatch(/<(a|span)[^>]* lang=/);
    });

    it('leaves out the areas when there are none (no published evaluation)', () => {
      for (const locale of MAIL_LOCALES) {
        const mail = renderLeadership(locale, { areas: [], evaluationTitle: null, uncoveredFindings: [] });
        expect(visible(mail.html)).not.toMatch(/Områden|Alla områden|Areas|All areas/);
        expect(mail.text).not.toMatch(/OMRÅDEN|Alla områden|AREAS|All areas/);
        expect(emptyHeadings(mail.html)).toEqual([]);
      }
    });

    it('leaves a blank line between the lists of changes in the text part', () => {
      const base = sampleLeadershipDigest();
      const text = renderLeadership('sv', { changes: { ...base.changes, cancelled: [base.changes.cancelled[0], { ...base.changes.cancelled[0], id: 'other', title: 'Annan avbruten åtgärd' }] }, totals: { ...base.totals, cancelled: 2 } }).text;
      const lines = text.split('\n');
      for (const heading of ['Nya åtgärder (1):', 'Avbrutna åtgärder (2):', '- Annan avbruten åtgärd · Johan Lind', 'OMRÅDEN']) {
        expect({ heading, before: lines[lines.indexOf(heading) - 1] }).toEqual({ heading, before: '' });
      }
    });

    it('never leaves a heading without anything under it, whichever lists are empty', () => {
      const full = sampleLeadershipDigest();
      const lists = ['overdue', 'atRiskOrOffTrack', 'completedThisWeek', 'stale', 'uncoveredFindings'] as const;
      for (const keep of lists) {
        const overrides: Partial<LeadershipDigestView> = { changes: { healthChanges: full.changes.healthChanges, newPlans: [], cancelled: [] } };
        for (const list of lists) if (list !== keep) Object.assign(overrides, { [list]: [] });
        for (const locale of MAIL_LOCALES) {
          expect(emptyHeadings(renderLeadership(locale, overrides).html)).toEqual([]);
        }
      }
    });
  });

  describe('owner digest', () => {
    it('says in the subject how many actions are overdue, due soon and not updated', () => {
      expect(renderOwner('sv').subject).toBe('Dina åtgärder v. 48: 2 försenade, 1 har sista dag snart, 2 behöver uppdateras');
      expect(renderOwner('en').subject).toBe('Your actions, week 48: 2 overdue, 1 due soon, 2 need an update');

      const { overdue, dueSoon, stale } = sampleOwnerLists();
      expect(renderOwner('sv', { overdue: [overdue[0]], dueSoon: [], stale: [] }).subject).toBe('Dina åtgärder v. 48: 1 försenad');
      expect(renderOwner('sv', { overdue: [], dueSoon, stale: [stale[0], overdue[1]] }).subject).toBe('Dina åtgärder v. 48: 1 har sista dag snart, 2 behöver uppdateras');
      expect(renderOwner('en', { overdue: [], dueSoon: [], stale: [stale[0]] }).subject).toBe('Your actions, week 48: 1 needs an update');
    });

    it('lists each action once with every reason it is there, its due date, traffic light, status, progress and its check-in link', () => {
      const sv = renderOwner('sv');
      const shown = visible(sv.html);
      const first = sampleOwnerLists().overdue[0];
      const checkIn = first.checkInUrl!;

      expect(shown).toMatch(/^Handlingsplan Hej Karin Ek! Här är dina åtgärder i Avesta kommun som behöver din uppmärksamhet vecka 48\./);
      expect(shown).toContain('Försenad: sista dagen har passerat.');
      expect(shown).toContain('4 åtgärder att se över');
      // Overdue and not updated: one entry naming both.
      expect(shown).toContain('Med länken Rapportera läge rapporterar du utan att logga in. Den gäller i 14 dagar och bara för dig');
      expect(shown).toContain('Ta fram en kommunövergripande strategi för medborgardialog Försenad · Ingen uppdatering på länge Sista dag 1 november 2026 · ● Röd · Pågår · 30 % klart Rapportera läge (utan inloggning)');
      expect(shown.match(/Ta fram en kommunövergripande strategi för medborgardialog/g)).toHaveLength(1);
      expect(shown).toContain('Följ upp medarbetarenkäten på varje arbetsplats Slutdatum snart Sista dag 4 december 2026 · ● Grön · Pågår · 80 % klart');
      expect(rowOf(sv.html, first.title)).toContain(`<a href="${checkIn.replace('=', '&#x3D;')}" style="font-size:13px;color:#1f3a5f;">Rapportera läge</a>`);
      expect(rowOf(sv.html, first.title)).toContain(`<a href="${first.url}" style="color:#1f3a5f;font-weight:bold;">${first.title}</a>`);
      expect(sv.text).toContain(
        `- ${first.title}\n  Försenad · Ingen uppdatering på länge\n  Sista dag 1 november 2026 · Röd · Pågår · 30${NBSP}% klart\n  Rapportera läge (utan inloggning): ${checkIn}\n  Öppna åtgärden: ${first.url}\n`,
      );
      expect(sv.text.match(new RegExp(escapeRegExp(first.url), 'g'))).toHaveLength(1);

      const en = renderOwner('en');
      expect(visible(en.html)).toContain('Ta fram en kommunövergripande strategi för medborgardialog Overdue · No update for a long time Due 1 November 2026 · ● Red · In progress · 30% done Report progress (no login needed)');
      expect(visible(en.html)).toContain('They work for 14 days and only for you');
      expect(en.text).toContain(`  Due 1 November 2026 · Red · In progress · 30% done\n  Report progress (no login needed): ${checkIn}\n  Open the action: ${first.url}\n`);
    });

    it('links each action to its page when the digest has no check-in links (a preview)', () => {
      const plain = (plans: DigestPlan[]) => plans.map((plan) => ({ ...plan, checkInUrl: null }));
      const lists = sampleOwnerLists();
      const overrides = { overdue: plain(lists.overdue), dueSoon: plain(lists.dueSoon), stale: plain(lists.stale), checkInLinkDays: null };
      const sv = renderOwner('sv', overrides);
      const first = lists.overdue[0];

      expect(sv.html).not.toContain('/check-in/');
      expect(visible(sv.html)).not.toContain('Rapportera läge');
      expect(rowOf(sv.html, first.title)).toContain(`<a href="${first.url}" style="font-size:13px;color:#1f3a5f;">Uppdatera läget</a>`);
      expect(sv.text).toContain(`  Uppdatera läget: ${first.url}\n`);
      expect(renderOwner('en', overrides).text).toContain(`  Update the status: ${first.url}\n`);
    });

    it('begins with an h1 and marks the plans’ Swedish titles in English', () => {
      const sv = renderOwner('sv').html;
      const en = renderOwner('en').html;
      const first = sampleOwnerLists().overdue[0];

      expect(sv.match(/<h([1-6])\b/)![1]).toBe('1');
      expect(en).toContain(`<a href="${first.url}" lang="sv" style="color:#1f3a5f;font-weight:bold;">${first.title}</a>`);
      expect(sv).not.toMatch(/<a[^>]* lang=/);
    });

    it('links to all of the recipient’s actions, in both parts', () => {
      const { actionPlansUrl } = sampleOwnerDigest();
      for (const locale of MAIL_LOCALES) {
        const mail = renderOwner(locale);
        expect(mail.html).toContain(`href="${actionPlansUrl.replace('=', '&#x3D;')}"`);
        expect(mail.text).toContain(actionPlansUrl);
      }
    });

    it('writes out the link of every listed action in the text part', () => {
      const lists = sampleOwnerLists();
      const { text } = renderOwner('sv');

      for (const { url, checkInUrl } of [...lists.overdue, ...lists.dueSoon, ...lists.stale]) expect(text).toContain(`Rapportera läge (utan inloggning): ${checkInUrl}\n  Öppna åtgärden: ${url}\n`);
    });

    it('counts the days a check-in link works in the singular and the plural', () => {
      expect(visible(renderOwner('sv', { checkInLinkDays: 1 }).html)).toContain('Den gäller i 1 dag och bara för dig');
      expect(renderOwner('sv', { checkInLinkDays: 14 }).text).toContain('Den gäller i 14 dagar och bara för dig');
      expect(renderOwner('en', { checkInLinkDays: 1 }).text).toContain('They work for 1 day and only for you');
    });

    it('counts every plan of a reason cut short, says how many it shows, and links to that reason on the site', () => {
      const lists = sampleOwnerLists();
      const url = (reason: string) => `https://handlingsplan.avesta.example/action-plans?ownerId=owner-1&${reason}=true`;
      const cut = ownerDigestPlans(lists, {
        counts: { overdue: 53, dueSoon: 1, stale: 212 },
        total: 260,
        urls: { overdue: url('overdue'), dueSoon: url('dueSoon'), stale: url('stale') },
      });
      expect(cut.more).toEqual({ overdue: { shown: 2, total: 53, url: url('overdue') }, dueSoon: null, stale: { shown: 2, total: 212, url: url('stale') } });
      const sv = renderOwner('sv', cut);
      const en = renderOwner('en', cut);

      expect(sv.subject).toBe('Dina åtgärder v. 48: 53 försenade, 1 har sista dag snart, 212 behöver uppdateras');
      expect(visible(sv.html)).toContain('260 åtgärder att se över Visar 2 av 53 försenade. Se alla på webbplatsen Visar 2 av 212 som inte uppdaterats på länge. Se alla på webbplatsen');
      expect(sv.html).toContain(`<a href="${url('overdue').replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')}" style="color:#1f3a5f;">Se alla på webbplatsen</a>`);
      expect(sv.text).toContain(
        `260 ÅTGÄRDER ATT SE ÖVER\n\nVisar 2 av 53 försenade. Se alla på webbplatsen: ${url('overdue')}\n\nVisar 2 av 212 som inte uppdaterats på länge. Se alla på webbplatsen: ${url('stale')}\n\n- `,
      );
      expect(en.text).toContain(`Showing 2 of 53 overdue. See them all on the site: ${url('overdue')}\n`);
      expect(visible(en.html)).toContain('Showing 2 of 212 not updated for a long time. See them all on the site');
      expect(sv.text).not.toContain('slutdatum snart.');

      // A digest shown whole says nothing of the kind.
      for (const mail of [renderOwner('sv'), renderOwner('en')]) {
        expect(visible(mail.html)).not.toMatch(/Visar|Showing/);
        expect(mail.text).not.toMatch(/Visar|Showing/);
      }
    });

    it('explains only the reasons there are, and says so briefly when there is nothing', () => {
      const sv = renderOwner('sv', { overdue: [], stale: [] });

      expect(visible(sv.html)).not.toMatch(/Försenad|Ingen uppdatering på länge/);
      expect(sv.text).not.toMatch(/Försenad|Ingen uppdatering på länge/);
      expect(visible(sv.html)).toContain('1 åtgärd att se över');
      expect(emptyHeadings(sv.html)).toEqual([]);

      const nothing = renderOwner('en', { overdue: [], dueSoon: [], stale: [], hasContent: false });
      expect(nothing.subject).toBe('Your actions, week 48: nothing to do right now');
      expect(nothing.html).not.toContain('<h2');
      expect(visible(nothing.html)).toContain('None of your actions in Avesta kommun needs anything from you in week 48.');
    });
  });

  describe('traffic lights and statuses', () => {
    const plans = [
      plan({ title: 'Plan grön', health: 'on_track', status: 'planned' }),
      plan({ title: 'Plan gul', health: 'at_risk', status: 'in_progress' }),
      plan({ title: 'Plan röd', health: 'off_track', status: 'completed' }),
      plan({ title: 'Plan utan uppdatering', health: null, status: 'planned' }),
      plan({ title: 'Plan avbruten', health: null, status: 'cancelled' }),
    ];

    it.each(MAIL_LOCALES)('shows each traffic light as a coloured marker and its word, never colour alone (%s)', (locale) => {
      const words = LIGHTS[locale];
      for (const mail of [renderOwner(locale, { overdue: plans }), renderLeadership(locale, { overdue: plans })]) {
        expect(light(rowOf(mail.html, 'Plan grön'), '#15803d', '&#9679;', words.on_track)).toBe(true);
        expect(light(rowOf(mail.html, 'Plan gul'), '#b45309', '&#9679;', words.at_risk)).toBe(true);
        expect(light(rowOf(mail.html, 'Plan röd'), '#b91c1c', '&#9679;', words.off_track)).toBe(true);
        expect(light(rowOf(mail.html, 'Plan utan uppdatering'), '#6b7280', '&#9675;', words.none)).toBe(true);
        // No marker is ever shown without its word.
        expect(mail.html.match(/&#9679;|&#9675;/g)!.length).toBe(mail.html.match(/&#96(79|75);<\/span>&nbsp;[A-ZÅÄÖ]/g)!.length);
      }
    });

    it('names each status in words', () => {
      const sv = visible(renderOwner('sv', { overdue: plans }).html);
      const en = renderOwner('en', { overdue: plans }).text;

      expect(sv).toMatch(/Plan grön .*● Grön · Planerad ·/);
      expect(sv).toMatch(/Plan gul .*● Gul · Pågår ·/);
      expect(sv).toMatch(/Plan röd .*● Röd · Klar ·/);
      expect(sv).toMatch(/Plan utan uppdatering .*○ Ingen uppdatering · Planerad ·/);
      expect(en).toContain('Green · Planned ·');
      expect(en).toContain('Amber · In progress ·');
      expect(en).toContain('Red · Completed ·');
      expect(en).toContain('No update yet · Planned ·');
    });

    it('shows a cancelled plan as cancelled, never with a traffic light', () => {
      for (const mail of [renderOwner('sv', { overdue: plans }), renderLeadership('sv', { overdue: plans })]) {
        expect(visible(rowOf(mail.html, 'Plan avbruten'))).toMatch(/^Plan avbruten (Försenad Sista dag [^·]+ · )?Avbruten · /);
        expect(mail.text).toMatch(/Plan avbruten\n {2}(Försenad\n {2}Sista dag [^·]+ · )?Avbruten · /);
      }
      const leadership = renderLeadership('sv');
      expect(visible(leadership.html)).toContain(
        'Avbrutna åtgärder (1) Påminnelser per sms inför besök i hemtjänsten · Johan Lind Skäl: Ingår i den nya e-tjänsteplattformen som upphandlas 2027.',
      );
      expect(leadership.text).toContain('Avbrutna åtgärder (1):\n- Påminnelser per sms inför besök i hemtjänsten · Johan Lind\n  Skäl: Ingår i den nya e-tjänsteplattformen');
    });
  });

  describe('text that users typed', () => {
    const script = '<script>alert("x")</script>';

    it('is escaped in the HTML of both e-mails and shown as typed in the text part', () => {
      const base = sampleLeadershipDigest();
      const hostile = { ...base.atRiskOrOffTrack[0], id: 'hostile', title: `Ny rutin ${script}`, latestComment: `Klart snart ${script}`, ownerName: '<b>Eva</b>' };
      const leadership = renderLeadership('sv', {
        overdue: [hostile],
        atRiskOrOffTrack: [hostile],
        uncoveredFindings: [{ areaNumber: 2, kind: 'weakness', text: `<img src=x onerror=alert(1)>` }],
        changes: { ...base.changes, healthChanges: [{ plan: hostile, from: 'at_risk', to: 'off_track' }] },
      });
      const owner = renderOwner('en', { recipientName: `Eva ${script}`, dueSoon: [{ ...hostile, latestComment: null }] });

      for (const html of [leadership.html, owner.html]) {
        expect(html).not.toMatch(/<script|<img|<b>/i);
        expect(html).toContain('Ny rutin &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      }
      expect(leadership.html).toContain('Senaste kommentar: Klart snart &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(leadership.html).toContain('&lt;b&gt;Eva&lt;/b&gt;');
      expect(leadership.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(owner.html).toContain('Hello Eva &lt;script&gt;');
      expect(leadership.text).toContain(`- Ny rutin ${script}\n`);
      expect(leadership.text).toContain(`  Senaste kommentar: Klart snart ${script}\n`);
      expect(owner.text).toContain(`Hello Eva ${script},`);
    });
  });
});
