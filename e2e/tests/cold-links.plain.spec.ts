// Every link the app gives a person, opened cold on a plain static server (playwright.plain.
// config.ts: Python's http.server, no fallback, no compression, no service worker): bookmarks of
// the top pages, a parent's practice link on a phone that never saw ReadBy7, the parent report
// and the print copy opened in a new tab. This is the class of bug `sirv --single` once hid.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from '@playwright/test';
import { test, expect, appReady, importSample, screenshot, type Page } from './fixtures';

const dist = resolve(__dirname, '../../dist');
const routes = JSON.parse(readFileSync(resolve(__dirname, '../../src/domain/entry_routes.json'), 'utf8'));

/** A second device: a fresh context (no storage, no service worker) whose console and
 *  requests are checked like the fixtures check the test's own page. */
async function freshDevice(browser: Browser, baseURL: string, options = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block', locale: 'en-GB', ...options });
  const problems: string[] = [];
  context.on('request', (r) => {
    if (new URL(r.url()).hostname !== '127.0.0.1') problems.push(`request to ${r.url()}`);
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return { context, page, problems };
}

async function expectNoServiceWorker(page: Page) {
  expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
}

// The top pages a teacher bookmarks, as they appear in the address bar.
const topPages = ['/', ...routes.fixed.filter((r: string) => !['/practice', '/check/fluency/new', '/check/progress/new'].includes(r))];

for (const path of topPages) {
  test(`a bookmark of ${path} opens cold on a plain static host`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status(), `${path} as the server answered it`).toBe(200);
    await appReady(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Page not found' })).toHaveCount(0);
    // The router's path, not the entry file's: no trailing slash left behind.
    expect(new URL(page.url()).pathname).toBe(path === '/' ? '/classes' : path);
    await expectNoServiceWorker(page);
  });
}

test("a parent's practice link opens cold on a phone that has never opened ReadBy7", async ({ page, browser, baseURL }) => {
  // The teacher makes the pack (on the same plain host).
  await page.goto('/home-practice?gpcs=s,a,t,p,i,n,m,d');
  await appReady(page);
  const link = await page.getByTestId('pack-link').inputValue();
  expect(link).toMatch(/\/practice#p1\.[A-Za-z0-9_-]+$/);

  const phone = await freshDevice(browser, baseURL!, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const statuses: string[] = [];
  phone.page.on('response', (r) => { if (r.request().isNavigationRequest()) statuses.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  await phone.page.goto(link);
  // The host redirects /practice to the folder, whose index.html is the app; the fragment
  // (the pack itself) survives the redirect.
  expect(statuses).toEqual(['301 /practice', '200 /practice/']);
  await expect(phone.page.getByRole('button', { name: /^Sounds \(\d+\)$/ })).toBeVisible();
  await expect(phone.page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  const url = new URL(phone.page.url());
  expect(url.pathname).toBe('/practice');
  expect(url.hash).toBe(new URL(link).hash);
  await expectNoServiceWorker(phone.page);
  await screenshot(phone.page, 'cold-practice-link-390x844');
  await phone.context.close();
  expect(phone.problems).toEqual([]);
});

async function openPupil(page: Page, listName: string) {
  await page.goto('/classes');
  await appReady(page);
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: listName }).click();
}

test('the parent report opens from its link, in this tab, a new tab and cold', async ({ page, context, browser, baseURL }) => {
  await importSample(page);
  await openPupil(page, 'Abdi, Ibrahim');
  const reportLink = page.getByRole('link', { name: 'Report for parents' });
  const href = await reportLink.getAttribute('href');
  expect(href).toMatch(/^\/report\/\?id=[0-9a-f-]{36}$/);

  // In the app: the router follows the link to the report.
  await reportLink.click();
  await expect(page.getByTestId('parent-report').getByRole('heading', { level: 1 })).toHaveText("Ibrahim Abdi's reading");
  expect(new URL(page.url()).pathname).toMatch(/^\/report\/[0-9a-f-]{36}$/);

  // A new tab on the same tablet (no service worker here): the server alone answers it.
  const tab = await context.newPage();
  const response = await tab.goto(href!);
  expect(response?.status()).toBe(200);
  await expect(tab.getByTestId('parent-report').getByRole('heading', { level: 1 })).toHaveText("Ibrahim Abdi's reading");
  expect(new URL(tab.url()).pathname).toBe(new URL(page.url()).pathname);
  await expectNoServiceWorker(tab);
  await tab.close();

  // Another device: the app opens and says the pupil is not there (not a server's 404).
  const other = await freshDevice(browser, baseURL!);
  expect((await other.page.goto(href!))?.status()).toBe(200);
  await expect(other.page.getByText('This pupil is not on this device.')).toBeVisible();
  await other.context.close();
  expect(other.problems).toEqual([]);
});

test("the child's print copy opens in a new tab with no app navigation", async ({ page, context, browser, baseURL }) => {
  await importSample(page);
  await openPupil(page, 'Abdi, Ibrahim');
  await page.getByRole('link', { name: 'Start fluency check' }).click();
  const printLink = page.getByRole('link', { name: /^Print the child's copy of / }).first();
  const title = (await printLink.textContent())!.replace("Print the child's copy of ", '');
  expect(await printLink.getAttribute('href')).toMatch(/^\/print\/passage\/\?id=[a-z0-9-]+$/);
  const [copy] = await Promise.all([context.waitForEvent('page'), printLink.click()]);
  await expect(copy.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(copy.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect(copy.locator('.app-header')).toHaveCount(0);
  expect(new URL(copy.url()).pathname).toMatch(/^\/print\/passage\/[a-z0-9-]+$/);
  await expectNoServiceWorker(copy);
  await screenshot(copy, 'cold-print-copy');

  // The same link on a device that never opened ReadBy7 (a passage is content, not data).
  const other = await freshDevice(browser, baseURL!);
  expect((await other.page.goto((await printLink.getAttribute('href'))!))?.status()).toBe(200);
  await expect(other.page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(other.page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await other.context.close();
  expect(other.problems).toEqual([]);
});

test('dist holds every cold entry file and a .br and .gz beside each text and wasm file', async ({ request }) => {
  const index = readFileSync(join(dist, 'index.html'));
  for (const copy of [...routes.fixed, ...routes.with_id].map((r: string) => `${r.slice(1)}/index.html`).concat('404.html')) {
    expect(readFileSync(join(dist, copy)).equals(index), `${copy} is index.html`).toBe(true);
  }
  const { execFileSync } = await import('node:child_process');
  const files = execFileSync('find', [dist, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
  const compressible = files.filter((f) => /\.(html|js|css|wasm|json|webmanifest|svg|csv)$/.test(f));
  expect(compressible.some((f) => f.endsWith('.wasm'))).toBe(true);
  expect(compressible.some((f) => f.endsWith('sw.js'))).toBe(true);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  for (const file of compressible) {
    const plain = readFileSync(file);
    expect(existsSync(`${file}.br`) && existsSync(`${file}.gz`), `${file} has .br and .gz`).toBe(true);
    expect(sha(brotliDecompressSync(readFileSync(`${file}.br`))), `${file}.br`).toBe(sha(plain));
    expect(sha(gunzipSync(readFileSync(`${file}.gz`))), `${file}.gz`).toBe(sha(plain));
  }
  const wasm = compressible.find((f) => f.endsWith('.wasm'))!;
  expect(readFileSync(`${wasm}.br`).length).toBeLessThan(readFileSync(wasm).length / 2);
  // The service worker precaches the plain files only.
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  expect(sw).not.toMatch(/\.(br|gz)"/);
  expect(sw).toContain('_bg.wasm');

  // This plain server sends them as they are: the browser asks for brotli, gets none.
  const response = await request.get(`/${wasm.slice(dist.length + 1)}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(response.headers()['content-encoding']).toBeUndefined();
  expect(response.headers()['content-type']).toBe('application/wasm');
});
