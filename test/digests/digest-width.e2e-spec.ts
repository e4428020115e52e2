import { Browser, chromium, Page } from 'playwright-core';
import { digestFooter } from '../../src/modules/digests/digest-mail';
import type { LeadershipDigestView } from '../../src/modules/digests/digest-view';
import { sampleLeadershipDigest, sampleOwnerDigest } from '../../src/modules/digests/digest-view.fixtures';
import { MAIL_LOCALES, type MailLocale } from '../../src/modules/mail/mail.constants';
import { MailRenderer } from '../../src/modules/mail/mail-renderer.service';

/** Debian's Chromium, as the browser tests use it (test/web/browser.ts). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A phone and the mail's own frame. */
const VIEWPORTS = [390, 600];
/** One unbroken word longer than any screen, as someone may paste a link or a file name into a title. */
const LONG_WORD = `Upphandlingsunderlag_${'x'.repeat(120)}`;

describe('the digests in a mail reader as wide as a phone and as the mail', () => {
  const renderer = new MailRenderer();
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ javaScriptEnabled: true });
  }, 60_000);
  afterAll(() => browser?.close());

  const footer = (kind: 'leadership' | 'owner', locale: MailLocale) => digestFooter(kind, locale, 'Avesta kommun', 'https://handlingsplan.avesta.example');

  /** How much wider than the window the page is, at each width. */
  async function overflow(html: string): Promise<Record<number, number>> {
    const result: Record<number, number> = {};
    for (const width of VIEWPORTS) {
      await page.setViewportSize({ width, height: 800 });
      await page.setContent(html);
      result[width] = await page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
    }
    return result;
  }

  function leadership(locale: MailLocale, overrides: Partial<LeadershipDigestView> = {}): string {
    return renderer.render('leadership-digest', locale, { ...sampleLeadershipDigest(overrides), footer: footer('leadership', locale), timeZone: 'Europe/Stockholm' }).html;
  }

  it.each(MAIL_LOCALES)('the leadership digest fits, with the countdown and the areas table (%s)', async (locale) => {
    expect(await overflow(leadership(locale, { countdown: { daysLeft: 45, date: '2027-01-10' } }))).toEqual({ 390: 0, 600: 0 });
  });

  it('the leadership digest fits with one long word in a plan title, a comment and a finding', async () => {
    const view = sampleLeadershipDigest();
    const long = { ...view.atRiskOrOffTrack[0], title: `Plan ${LONG_WORD}`, latestComment: `Se ${LONG_WORD}` };
    const html = leadership('sv', {
      overdue: [long],
      atRiskOrOffTrack: [long],
      changes: { ...view.changes, healthChanges: [{ plan: long, from: 'at_risk', to: 'off_track' }], cancelled: [{ ...view.changes.cancelled[0], cancellationReason: LONG_WORD }] },
      uncoveredFindings: [{ areaNumber: 1, kind: 'weakness', text: LONG_WORD }],
      areas: view.areas.map((area, index) => (index === 0 ? { ...area, title: LONG_WORD } : area)),
    });
    expect(html).toContain(LONG_WORD);
    expect(await overflow(html)).toEqual({ 390: 0, 600: 0 });
  });

  it('the owner digest fits with one long word in a plan title', async () => {
    const view = sampleOwnerDigest();
    const plans = view.plans.map((plan, index) => (index === 0 ? { ...plan, title: `Plan ${LONG_WORD}` } : plan));
    const html = renderer.render('owner-digest', 'sv', { ...view, plans, footer: footer('owner', 'sv'), timeZone: 'Europe/Stockholm' }).html;
    expect(html).toContain(LONG_WORD);
    expect(await overflow(html)).toEqual({ 390: 0, 600: 0 });
  });
});
