// The school server harness (./school-server.ts) against the release build: the app and its
// school database on one origin (the CSP's connect-src 'self'), a server killed and restarted
// with its data, and what the server holds read back over plain HTTP.
import { test, expect } from './school-server';

test('the app and its school database share one origin', async ({ page, browser, schoolServer }) => {
  await page.goto('/');
  expect(new URL(page.url()).origin).toBe(schoolServer.url);
  // From the page, under the app's Content-Security-Policy: the welcome, then the database.
  const fromPage = await page.evaluate(
    async ({ auth }) => {
      const welcome = await (await fetch('/db/')).json();
      const info = await (await fetch('/db/school', { headers: { Authorization: auth } })).json();
      const put = await fetch('/db/school/0f1e2d', {
        method: 'PUT',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ v: 1, n: 'bm9uY2U', c: 'Y2lwaGVydGV4dA' }),
      });
      return { welcome: welcome['express-pouchdb'], db: info.db_name, put: put.status };
    },
    { auth: schoolServer.authorization },
  );
  expect(fromPage).toEqual({ welcome: 'Welcome!', db: 'school', put: 201 });

  // A second browser context (another tablet) on the same server.
  const other = await browser.newContext({ baseURL: schoolServer.url });
  const tablet = await other.newPage();
  await tablet.goto('/');
  const seen = await tablet.evaluate(
    async ({ auth }) => (await (await fetch('/db/school/0f1e2d', { headers: { Authorization: auth } })).json()).c,
    { auth: schoolServer.authorization },
  );
  expect(seen).toBe('Y2lwaGVydGV4dA');
  await other.close();

  // Without the password: 401, and nothing but the one document on the server.
  expect((await fetch(`${schoolServer.dbUrl}/_all_docs`)).status).toBe(401);
  const docs = await schoolServer.rawDocs();
  expect(docs.map((d) => [d._id, d.c])).toEqual([['0f1e2d', 'Y2lwaGVydGV4dA']]);
});

// While the server is down the open page's own loads (the service worker's update check, icons)
// fail, and Chromium logs them.
test.describe('a killed server', () => {
  test.use({ allowedConsole: [[/ERR_CONNECTION_REFUSED/, /unknown error occurred when fetching the script/], { scope: 'test' }] });

test('a server killed mid-way comes back on the same port with its data', async ({ page, schoolServer }) => {
  await page.goto('/');
  const write = (id: string) =>
    fetch(`${schoolServer.dbUrl}/${id}`, {
      method: 'PUT',
      headers: { Authorization: schoolServer.authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({ c: `body-of-${id}` }),
    });
  expect((await write('aa')).status).toBe(201);
  await schoolServer.stop({ signal: 'SIGKILL' });
  expect(schoolServer.running()).toBe(false);
  await expect(write('bb')).rejects.toThrow();
  await schoolServer.start();
  expect((await write('cc')).status).toBe(201);
  const ids = (await schoolServer.rawDocs()).map((d) => d._id).sort();
  expect(ids).toEqual(['aa', 'cc']);
  // The open page reaches it again.
  const status = await page.evaluate(
    async ({ auth }) => (await fetch('/db/school/aa', { headers: { Authorization: auth } })).status,
    { auth: schoolServer.authorization },
  );
  expect(status).toBe(200);
});
});
