import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { Browser, BrowserContext, chromium, Locator, Page, Route } from 'playwright-core';
import { DemoModule } from '../../src/cli/demo/demo.module';
import { DemoSeeder } from '../../src/cli/demo/demo-seeder';
import { createTestApp, TestApp } from '../utils/test-app';

// A browser journey is many page loads; on a machine shared with other test runs it needs more
// than the default 30 s.
jest.setTimeout(120_000);

/** Debian's Chromium; CI installs it with apt when missing (no browser download). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface WebTestApp extends TestApp {
  baseUrl: string;
  browser: Browser;
  /**
   * Where axe-core runs: one tab in a profile with JavaScript on, which loads a copy of each page
   * under test in turn (the tests check one page at a time; a new tab per check would cost Chromium
   * about as much as the check itself).
   */
  checker: Page;
  /** A fresh browser profile (no cookies) with JavaScript off: every page must work without it. */
  newContext(options?: { javaScript?: boolean }): Promise<BrowserContext>;
}

/**
 * The app on a real port with the demo data (unless `demo: false`), and a headless Chromium to
 * visit it; `logStream` receives the app's logs.
 */
export async function startWebTestApp(env: Record<string, string> = {}, logStream?: Writable, { demo = true }: { demo?: boolean } = {}): Promise<WebTestApp> {
  const app = await createTestApp(env, logStream, [DemoModule]);
  if (demo) await app.app.get(DemoSeeder).seed();
  await app.app.listen(0, '127.0.0.1');
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  const visitor = await browserFor(`http://127.0.0.1:${port}`);
  return {
    ...app,
    ...visitor,
    close: async () => {
      await visitor.close();
      await app.close();
    },
  };
}

/** A headless Chromium for the app at `baseUrl` (in this process or another), with its axe checker profile. */
export async function browserFor(baseUrl: string): Promise<Pick<WebTestApp, 'baseUrl' | 'browser' | 'checker' | 'newContext'> & { close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const checkerProfile = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: true, bypassCSP: true });
  // Every page the checker loads has axe-core from its start, sent to Chromium once.
  await checkerProfile.addInitScript({ content: AXE_SOURCE });
  const checker = await checkerProfile.newPage();
  return {
    baseUrl,
    browser,
    checker,
    newContext: ({ javaScript = false } = {}) => browser.newContext({ baseURL: baseUrl, javaScriptEnabled: javaScript, locale: 'sv-SE' }),
    close: () => browser.close(),
  };
}

/**
 * Runs axe-core's WCAG 2.1 A and AA rules on the page as the person sees it now and fails with
 * each violation's rule and elements, or with each link of an error summary that leads nowhere. The journeys browse with JavaScript off, where axe cannot
 * run, so the page's HTML is loaded at its own address in the checker profile (same styles,
 * JavaScript on) and checked there.
 */
export async function expectAccessible(t: Pick<WebTestApp, 'checker'>, page: Page): Promise<void> {
  const address = page.url().split('#')[0];
  const html = await page.content();
  const copy = t.checker;
  const serveCopy = (route: Route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  await copy.route(address, serveCopy);
  try {
    await copy.goto(address);
    // A copy not served from here would be the app's own answer to a visitor without a session.
    if (copy.url() !== address) throw new Error(`The checker was sent from ${address} to ${copy.url()}: it did not check the page`);
    const violations = await copy.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
      // Only the violations are reported, so axe need not gather every element that passed.
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
    }, WCAG_21_AA);
    if (violations.length > 0) throw new Error(`axe found on ${address}:\n${violations.join('\n')}`);
    // axe does not follow in-page links: an error summary's link must lead to its field (WCAG 3.3.1).
    const deadSummaryLinks = await copy.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLAnchorElement>('#error-summary a[href^="#"]'))
        .filter((link) => !document.getElementById(decodeURIComponent(link.hash.slice(1))))
        .map((link) => `${link.getAttribute('href')} (${link.textContent?.trim()})`),
    );
    if (deadSummaryLinks.length > 0) throw new Error(`the error summary on ${address} links to no field:\n${deadSummaryLinks.join('\n')}`);
  } finally {
    await copy.unroute(address, serveCopy);
  }
}

/**
 * Moves the focus with the Tab key alone until `target` has it, as a keyboard user would, and
 * fails when it never gets there (an element that the keyboard cannot reach).
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 120): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error(`Nothing to tab to: ${String(target)}`);
  for (let presses = 0; presses < maxPresses; presses++) {
    if (await handle.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Tabs to a link or button and activates it with Enter; waits for the page it leads to. */
export async function pressEnterOn(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await Promise.all([page.waitForLoadState('domcontentloaded'), page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
}

/** Tabs to a field and types into it, as a keyboard user would. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Signs in through the login page with the keyboard alone. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, email, password);
}

/** Fills and sends the login form the browser shows now (e.g. after being sent there). */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await typeInto(page, page.getByLabel('E-postadress'), email);
  await typeInto(page, page.getByLabel('Lösenord', { exact: true }), password);
  await pressEnterOn(page, page.getByRole('button', { name: 'Logga in' }));
}
