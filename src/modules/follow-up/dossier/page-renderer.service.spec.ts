import { dossierPageData } from './dossier';
import { sampleDossier } from './dossier.fixtures';
import { PageRenderer } from './page-renderer.service';

describe('PageRenderer with the follow-up dossier', () => {
  const renderer = new PageRenderer();
  const render = (locale: 'sv' | 'en', tweak: (dossier: ReturnType<typeof sampleDossier>) => void = () => undefined) => {
    const dossier = sampleDossier();
    tweak(dossier);
    return renderer.render('follow-up', locale, { ...dossierPageData(dossier), title: 'Avesta kommun: KommunKompassen Avesta 2014', timeZone: 'Europe/Stockholm' });
  };

  it('renders a whole printable document in Swedish', () => {
    const html = render('sv');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('@media print');
    expect(html).toContain('Område 2. <span lang="sv">Tillgänglighet och brukarorientering</span>');
    expect(html).toContain('Saknar åtgärd');
    expect(html).toContain('Lena Holm');
    expect(html).toContain('30 juni 2016');
    expect(html).toContain('(försenad)');
    expect(html).not.toContain('<script');
  });

  it('renders in English', () => {
    const html = render('en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Area 2. <span lang="sv">Tillgänglighet och brukarorientering</span>');
    expect(html).toContain('Never covered');
    expect(html).toContain('30 June 2016');
  });

  it('escapes what users typed', () => {
    const html = render('sv', (dossier) => {
      dossier.areas[0].findings[1].actionPlans[0].title = '<script>alert("x")</script>';
    });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Klart &amp; levererat');
    expect(html).toContain('Ersätts av &lt;nya&gt; löften');
  });

  it('refuses data that lacks a field the template uses (strict mode)', () => {
    expect(() =>
      render('sv', (dossier) => {
        delete (dossier.summary.actions as Partial<typeof dossier.summary.actions>).overdue;
      }),
    ).toThrow(/follow-up\/page\.hbs.*overdue/s);
  });
});
