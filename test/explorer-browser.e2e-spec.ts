import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { BOOT_TIMEOUT_MS, TestApp } from './support';
import { CHROMIUM_ARGS, ensureChromium } from './support/chromium';

/**
 * The explorer in a real browser: headless Chromium (Debian's package, driven by
 * playwright-core) opens GET /graphql on the service's HTTP server, puts the demo admin's
 * bearer token in the header editor, runs the prefilled Mars tree and reads the answer from
 * the page. Every request the page makes goes to the service itself, and the page's CSP
 * refuses nothing it needs. The screenshot is kept for CI (test-artifacts/, not committed).
 */
const browserAvailable = ensureChromium();
const describeInBrowser = browserAvailable.path ? describe : describe.skip;
if (!browserAvailable.path) console.warn(`explorer-browser: SKIPPED, no Chromium: ${browserAvailable.reason}`);

// The functions below run in the page, where these exist; the suite compiles without the DOM library.
declare const document: any;
declare const window: any;

export const SCREENSHOT = resolve(__dirname, '..', 'test-artifacts', 'explorer.png');
/** A loaded machine can take long to start a browser and an editor: a wait means "hung", never "busy". */
const WAIT_MS = 120_000;

/** The text Monaco shows in an editor (it renders spaces as no-break spaces). */
const editorText = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => (el.textContent ?? '').replace(/\u00a0/g, ' '));

describeInBrowser('the explorer in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // Explicitly on: CI runs the suites in production mode too, where it is off by default.
    app = await TestApp.start({ PARASOL_EXPLORER: 'true' });
    const server = app.app.getHttpServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: browserAvailable.path!, args: CHROMIUM_ARGS, headless: true, timeout: WAIT_MS });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  }, BOOT_TIMEOUT_MS);

  it('runs the prefilled Mars tree with the demo admin token set in the header editor and shows the answer', async () => {
    const token = await app.login('admin@mars.example', 'parasol-demo');
    const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    page.setDefaultTimeout(WAIT_MS);
    const elsewhere: string[] = [];
    const problems: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith(base.replace('http', 'ws'))) elsewhere.push(req.url());
    });
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text().slice(0, 300));
    });
    // Every CSP refusal, from the document and its workers' point of view alike.
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });

    const opened = await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    expect(opened?.status()).toBe(200);
    // The editor has the demo query once ruru has started.
    const queryEditor = '.graphiql-query-editor';
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').includes('MarsTree'), queryEditor, { timeout: WAIT_MS });

    // The header editor: open it and type the bearer token (typed as one insertion: no auto-closed brackets).
    await page.getByRole('button', { name: /^Headers$/ }).click();
    const headersEditor = page.locator('.graphiql-editor-tool .graphiql-editor:visible').last();
    await headersEditor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
    await page.waitForFunction((expected) => [...document.querySelectorAll('.graphiql-editor-tool .graphiql-editor')].some((el: { textContent: string | null }) => (el.textContent ?? '').replace(/\u00a0/g, ' ').includes(expected)), 'Authorization', { timeout: WAIT_MS });

    await page.locator('.graphiql-execute-button').click();
    // The answer: the response pane shows the tree once the query has run (no timing: wait for the text).
    const response = '.graphiql-response';
    await page.waitForFunction(
      (sel) => /"(data|errors)"/.test((document.querySelector(sel)?.textContent ?? '').replace(/\u00a0/g, ' ')),
      response,
      { timeout: WAIT_MS },
    );
    const answer = await editorText(page, response);
    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`explorer-browser: screenshot at ${relative(process.cwd(), SCREENSHOT) || SCREENSHOT} (${join(SCREENSHOT)})\nanswer shown:\n${answer.slice(0, 600)}`);

    expect(answer).toMatch(/"data"/);
    expect(answer).toMatch(/"name":\s*"Mars"/);
    expect(answer).toMatch(/"name":\s*"M&M's"/);
    expect(answer).not.toMatch(/UNAUTHENTICATED|"errors"/);

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    await page.close();
  });
});
