// Drives /docs in headless Chromium for docs-page.browser.test.ts. A child process: puppeteer-core is ESM only and
// jest's runtime loads CommonJS. Input: one JSON argument (DocsBrowserJob); output: one JSON line (DocsBrowserResult).
import puppeteer, { type Page } from 'puppeteer-core';

export interface DocsBrowserJob {
  chromium: string;
  origin: string;
  /** Operation to try out with the token: GET <path> with these path parameters. */
  tryOut: { path: string; params: Record<string, string>; token: string };
  /** A second document in the top bar's list, and a path it describes. */
  second: { name: string; path: string };
  screenshot?: string;
}

export interface DocsBrowserResult {
  /** `GET /households/{householdId}` … as rendered, first document then second. */
  operations: string[];
  secondOperations: string[];
  /** Status the page shows for the tried operation. */
  status: string;
  /** Requests to anything but the page's origin (aborted). */
  external: string[];
  errors: string[];
}

const TIMEOUT = 60_000;
const job = JSON.parse(process.argv[2]!) as DocsBrowserJob;

const renderedOperations = (page: Page): Promise<string[]> =>
  page.$$eval('.opblock-summary', (summaries) =>
    summaries.map((s) => `${s.querySelector('.opblock-summary-method')?.textContent} ${s.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`),
  );

async function authorize(page: Page, token: string): Promise<void> {
  await page.click('.auth-wrapper .authorize');
  await page.waitForSelector('.modal-ux input', { timeout: TIMEOUT });
  await page.type('.modal-ux input', token);
  await page.click('.modal-ux .auth-btn-wrapper .authorize');
  await page.click('.modal-ux .btn-done');
}

async function tryOut(page: Page, { path, params }: DocsBrowserJob['tryOut']): Promise<string> {
  const block = `.opblock-get:has(.opblock-summary-path[data-path="${path}"])`;
  await page.click(`${block} .opblock-summary`);
  for (const [name, value] of Object.entries(params)) {
    await page.waitForSelector(`${block} tr[data-param-name="${name}"] input`, { timeout: TIMEOUT });
    await page.type(`${block} tr[data-param-name="${name}"] input`, value);
  }
  await page.click(`${block} .btn.execute`);
  const status = `${block} .live-responses-table tr.response .response-col_status`;
  await page.waitForSelector(status, { timeout: TIMEOUT });
  return page.$eval(status, (cell) => cell.textContent?.trim() ?? '');
}

const browser = await puppeteer.launch({
  executablePath: job.chromium,
  headless: true,
  timeout: TIMEOUT,
  // Root in CI containers: Chromium's sandbox needs user namespaces that containers often lack.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  const external: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(`${job.origin}/`) || url.startsWith('data:')) return void request.continue();
    external.push(url);
    void request.abort();
  });

  await page.goto(`${job.origin}/docs`, { waitUntil: 'load', timeout: TIMEOUT });
  await page.waitForSelector(`.opblock-summary-path[data-path="${job.tryOut.path}"]`, { timeout: TIMEOUT });
  const operations = await renderedOperations(page);
  await authorize(page, job.tryOut.token);
  const status = await tryOut(page, job.tryOut);
  if (job.screenshot) await page.screenshot({ path: job.screenshot as `${string}.png` });

  const url = await page.$$eval('.topbar option', (options, name) => options.find((o) => o.textContent === name)?.getAttribute('value'), job.second.name);
  await page.select('.topbar select', url ?? `no document named ${job.second.name}`);
  await page.waitForSelector(`.opblock-summary-path[data-path="${job.second.path}"]`, { timeout: TIMEOUT });
  const secondOperations = await renderedOperations(page);

  const result: DocsBrowserResult = { operations, secondOperations, status, external, errors };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await browser.close();
}
