// `./dev.sh serve`'s server (tools/serve.mjs): precompressed files with the right headers, the
// caching the README's "Deploying" section asks of a host, the fallback for old links; and the
// service worker answering every in-app URL, in both its forms, with no network.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect, appReady, installOffline } from './fixtures';

const dist = resolve(__dirname, '../../dist');
const routes = JSON.parse(readFileSync(resolve(__dirname, '../../src/domain/entry_routes.json'), 'utf8'));
const wasm = readdirSync(dist).find((f) => f.endsWith('_bg.wasm'))!;
const passage = 'l4-the-cat-on-the-wall';

/** A raw GET with Node's fetch, which decodes the body but keeps the headers as sent. */
async function get(baseURL: string, path: string, acceptEncoding: string) {
  const response = await fetch(`${baseURL}${path}`, { headers: { 'Accept-Encoding': acceptEncoding }, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

test('the server sends the precompressed files with Content-Encoding, Vary and the right type', async ({ baseURL }) => {
  const plain = readFileSync(join(dist, wasm));
  const br = await get(baseURL!, `/${wasm}`, 'gzip, deflate, br');
  expect(br.status).toBe(200);
  expect(br.headers.get('content-encoding')).toBe('br');
  expect(br.headers.get('content-type')).toBe('application/wasm');
  expect(br.headers.get('vary')).toMatch(/Accept-Encoding/i);
  expect(Number(br.headers.get('content-length'))).toBe(readFileSync(join(dist, `${wasm}.br`)).length);
  expect(br.body.equals(plain)).toBe(true);

  const gz = await get(baseURL!, `/${wasm}`, 'gzip');
  expect(gz.headers.get('content-encoding')).toBe('gzip');
  expect(gz.body.equals(plain)).toBe(true);

  const none = await get(baseURL!, `/${wasm}`, 'identity');
  expect(none.headers.get('content-encoding')).toBeNull();
  expect(Number(none.headers.get('content-length'))).toBe(plain.length);

  const html = await get(baseURL!, '/', 'br');
  expect(html.headers.get('content-encoding')).toBe('br');
  expect(html.headers.get('content-type')).toMatch(/^text\/html/);
});

test('hashed files are immutable; index.html, sw.js and the rest are revalidated', async ({ baseURL }) => {
  const cache = async (path: string) => (await get(baseURL!, path, 'br')).headers.get('cache-control');
  const js = readdirSync(dist).find((f) => /^readby7-[0-9a-f]+\.js$/.test(f))!;
  const css = readdirSync(dist).find((f) => /\.css$/.test(f))!;
  for (const hashed of [wasm, js, css]) expect(await cache(`/${hashed}`), hashed).toBe('public, max-age=31536000, immutable');
  for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest', '/practice/', '/report/x']) {
    expect(await cache(path), path).toBe('no-cache');
  }
  const headers = (await get(baseURL!, '/', 'br')).headers;
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
});

test('old links with an id still open here through the fallback, with no service worker', async ({ page, baseURL }) => {
  const old = await get(baseURL!, `/print/passage/${passage}`, 'br');
  expect(old.status).toBe(200);
  expect(old.headers.get('content-type')).toMatch(/^text\/html/);
  await page.goto(`/print/passage/${passage}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The Cat on the Wall');
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  // A file that does not exist is still a 404, not the app.
  expect((await get(baseURL!, '/no-such-file.js', 'br')).status).toBe(404);
});

test.describe('offline', () => {
  // As in offline.spec.ts: the browser reports it could not look for a new service worker.
  test.use({ allowedConsole: [/Failed to update a ServiceWorker/, /ERR_INTERNET_DISCONNECTED/] });

test('offline, the service worker answers every in-app URL in both its forms', async ({ page, context }) => {
  await installOffline(page, '/classes');
  await context.setOffline(true);
  const schoolPages = [...routes.fixed.filter((r: string) => r !== '/practice'), ...routes.fixed.filter((r: string) => r !== '/practice').map((r: string) => `${r}/`)];
  for (const path of schoolPages) {
    await page.goto(path);
    await appReady(page);
    await expect(page.getByRole('heading', { name: 'Page not found' }), path).toHaveCount(0);
  }
  for (const path of ['/report/?id=0b6c6f0e-0000-4000-8000-000000000000', '/pupils/?id=0b6c6f0e-0000-4000-8000-000000000000']) {
    await page.goto(path);
    await appReady(page);
    await expect(page.getByRole('heading', { name: 'Page not found' }), path).toHaveCount(0);
    expect(new URL(page.url()).pathname).toBe(`${path.split('/?')[0]}/0b6c6f0e-0000-4000-8000-000000000000`);
  }
  for (const path of [`/print/passage/?id=${passage}`, `/print/passage/${passage}`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('The Cat on the Wall');
  }
  for (const path of ['/practice', '/practice/']) {
    await page.goto(path);
    await expect(page.getByText(/Open the practice link or scan the QR code/), path).toBeVisible();
  }
  await context.setOffline(false);
});
});
