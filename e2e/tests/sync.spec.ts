// School sync (issue 16) against the embedded server, started per test on 127.0.0.1 with its
// own data folder: two tablets and a lead's laptop as three browser contexts, the server
// stopped in the middle of a push, a tablet offline, an erasure, the raw database read over
// plain HTTP, and a wrong key and a wrong password.
import { test, expect, appReady, markAndStopEarly, sampleClass, screenshot, expectAccessible, storedSessions, type Page } from './fixtures';
import { startSchoolServer, type SchoolServer } from './school-server';
import type { Browser, BrowserContext } from '@playwright/test';

let server: SchoolServer;

test.beforeEach(async () => {
  server = await startSchoolServer();
});
test.afterEach(async () => {
  await server?.dispose();
});

/** The documents the server holds now (deleted ones hold no body and are not counted). */
async function liveDocs() {
  return (await server.rawDocs()).filter((d) => !d._deleted);
}

// A request to a stopped server is logged by Chromium as a failed resource load.
test.use({ allowedConsole: [[/Failed to load resource/, /net::ERR_/], { scope: 'test' }] });

/** A second or third device: its own browser profile (context), on the server's origin. */
async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 768, height: 1024 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  return { context, page };
}

async function open(page: Page, path: string) {
  await page.goto(`${server.url}${path}`);
  await appReady(page);
}

/** Waits until the header says the last round finished. */
async function synced(page: Page) {
  const status = page.getByTestId('sync-status');
  await expect(status).not.toHaveText(/^Syncing/, { timeout: 30_000 });
  const problem = page.getByTestId('sync-error');
  if ((await status.textContent())?.startsWith('Sync problem') && (await problem.count()) > 0) {
    throw new Error(`sync failed: ${await problem.textContent()}`);
  }
  await expect(status).toHaveText(/^Synced/, { timeout: 30_000 });
}

/** Settings → School sync → Sync now, and wait for that round to finish. */
async function syncNow(page: Page) {
  await open(page, '/settings');
  const card = page.getByTestId('school-sync');
  await expect(card.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Sync now' }).click();
  await expect(card.getByTestId('sync-report')).not.toHaveText('Syncing now…', { timeout: 30_000 });
  await synced(page);
}

/** The school's first device: Settings → School sync → set up, with the server's user. */
async function setUpSchool(page: Page, label: string) {
  await open(page, '/settings');
  const card = page.getByTestId('school-sync');
  await card.getByRole('button', { name: 'Set up sync for the school (first device)' }).click();
  await expect(card.getByLabel('Server address')).toHaveValue('/db');
  await card.getByLabel('Database').fill(server.db);
  await card.getByLabel('CouchDB user').fill(server.user);
  await card.getByLabel('CouchDB password').fill(server.password);
  await card.getByLabel('Name of this device').fill(label);
  await card.getByRole('button', { name: 'Create the school key and start syncing' }).click();
  await synced(page);
}

/** The join link another device shows (what its QR code holds). */
async function joinLink(page: Page): Promise<string> {
  await open(page, '/settings');
  await page.getByRole('button', { name: 'Show the code for another device' }).click();
  await expect(page.getByTestId('sync-code').locator('svg')).toBeVisible();
  return page.getByTestId('join-link').inputValue();
}

/** Joins by opening the link, as the camera app does with the QR code. */
async function joinByLink(page: Page, link: string, label: string) {
  await page.goto(link);
  await appReady(page);
  const card = page.getByTestId('school-sync');
  await expect(card.getByTestId('join-found')).toContainText(`“${server.db}”`);
  await card.getByLabel('Name of this device').fill(label);
  await card.getByRole('button', { name: 'Join school sync' }).click();
  await synced(page);
  // The password is not left in the address bar.
  expect(page.url()).not.toContain('readby7-sync');
}

/** A screening check on a pupil of 1H, stopped early after `marked` words. */
async function screening(page: Page, pupil: string, marked: number) {
  await open(page, '/classes');
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: pupil }).click();
  await page.getByRole('button', { name: 'Start screening check' }).click();
  await markAndStopEarly(page, marked);
}

/** Imports the sample class (29 pupils in 1H) on the server's origin. */
async function importSample(page: Page) {
  await open(page, '/import');
  await page.getByLabel('Class list file (CSV)').setInputFiles(sampleClass);
  await page.getByRole('button', { name: 'Import 29 pupils' }).click();
  await expect(page.getByText('Imported 29 pupils')).toBeVisible();
}

/** In-app navigation (no page load: it works offline). */
async function nav(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

/** A pupil's page, reached through the app's own links. */
async function pupilPage(page: Page, pupil: string) {
  await nav(page, 'Classes');
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: pupil }).click();
}

async function pupilCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('readby7');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const n: number = await new Promise((resolve, reject) => {
      const r = db.transaction('pupils').objectStore('pupils').count();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return n;
  });
}

test('two tablets and the lead\'s laptop: checks made on each tablet reach the laptop, and the server holds no name, UPN or mark', async ({ page, browser }) => {
  // Tablet A: the first device. It imports the class and sets up sync.
  await importSample(page);
  await setUpSchool(page, 'Year 1 iPad A');
  await expectAccessible(page);
  await screenshot(page, 'sync-settings-joined');
  const link = await joinLink(page);
  await screenshot(page, 'sync-join-code');

  // Tablet B joins from the code and gets the class.
  const b = await device(browser);
  await joinByLink(b.page, link, 'Year 1 iPad B');
  expect(await pupilCount(b.page)).toBe(29);

  // A check on each tablet.
  await screening(page, 'Okafor, Amara', 5);
  await screening(b.page, "O'Neill, Zoë", 7);
  await syncNow(page);
  await syncNow(b.page);

  // The lead's laptop joins and sees both results.
  const laptop = await device(browser);
  await joinByLink(laptop.page, link, 'Reading lead laptop');
  expect(await pupilCount(laptop.page)).toBe(29);
  await open(laptop.page, '/classes');
  await laptop.page.getByRole('link', { name: /1H/ }).click();
  await laptop.page.getByRole('link', { name: 'Okafor, Amara' }).click();
  await expect(laptop.page.locator('main')).toContainText('5 / 40');
  await laptop.page.goBack();
  await laptop.page.getByRole('link', { name: "O'Neill, Zoë" }).click();
  await expect(laptop.page.locator('main')).toContainText('7 / 40');

  // Every device is listed, and tablet A gets B's check on its next round.
  await syncNow(page);
  const devices = page.getByTestId('devices-seen');
  await expect(devices).toContainText('Year 1 iPad A (this device)');
  await expect(devices).toContainText('Year 1 iPad B');
  await expect(devices).toContainText('Reading lead laptop');
  expect((await storedSessions(page)).length).toBe(2);

  // The server's raw database: opaque ids and ciphertext only.
  const raw = JSON.stringify(await server.rawDocs());
  for (const secret of ['Okafor', 'Amara', 'N202299920001', 'Zoë', 'Zo\\u00eb', '2020-09-14', '"1H"', '"mark"', 'Correct', 'responses', 'pupil_id']) {
    expect(raw, `the server holds ${secret} in the clear`).not.toContain(secret);
  }
  await b.context.close();
  await laptop.context.close();
});

test('the server stopped in the middle of a push and restarted: the sync resumes, nothing lost and nothing duplicated', async ({ page, browser }) => {
  await importSample(page);
  await setUpSchool(page, 'Tablet A');
  await screening(page, 'Okafor, Amara', 3);
  await screening(page, 'Nowak, Łukasz', 4);

  // The next push reaches the server, which stores it and dies before it answers.
  let cut = false;
  await page.route('**/db/*/_bulk_docs', async (route) => {
    if (cut) return route.continue();
    cut = true;
    await route.fetch();
    await server.stop();
    await route.abort('connectionreset');
  });
  await open(page, '/settings');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-error')).toContainText('could not be reached', { timeout: 30_000 });
  await expect(page.getByTestId('sync-status')).toHaveText(/^Sync problem/);
  expect(cut).toBe(true);

  await server.start();
  await syncNow(page);
  await expect(page.getByTestId('sync-error')).toHaveCount(0);

  // A new device gets exactly the tablet's records, once each.
  const laptop = await device(browser);
  await joinByLink(laptop.page, await joinLink(page), 'Laptop');
  expect(await pupilCount(laptop.page)).toBe(29);
  const sessions = await storedSessions(laptop.page);
  expect(sessions.length).toBe(2);
  expect(new Set(sessions.map((s) => s.id)).size).toBe(2);
  const docs = await liveDocs();
  // 1 class, 29 pupils, 2 sessions, the school settings, 2 devices and the key check.
  expect(docs.length).toBe(1 + 29 + 2 + 1 + 2 + 1);
  await laptop.context.close();
});

test('a tablet offline catches up; the same pupil edited on both tablets ends the same everywhere', async ({ page, browser }) => {
  await importSample(page);
  await setUpSchool(page, 'Tablet A');
  const b = await device(browser);
  await joinByLink(b.page, await joinLink(page), 'Tablet B');

  // B goes offline and runs a check; its sync fails and says so, its result stays.
  await pupilPage(b.page, 'Okafor, Amara');
  await b.context.setOffline(true);
  await b.page.getByRole('button', { name: 'Start screening check' }).click();
  await markAndStopEarly(b.page, 6);
  await nav(b.page, 'Settings');
  await b.page.getByRole('button', { name: 'Sync now' }).click();
  await expect(b.page.getByTestId('sync-error')).toContainText('could not be reached', { timeout: 30_000 });

  // Meanwhile A edits a pupil; B edits the same pupil later, offline.
  await open(page, '/classes');
  await pupilPage(page, 'Nowak, Łukasz');
  await page.getByRole('button', { name: 'Edit details' }).click();
  await page.getByLabel('Surname').fill('Nowak-Smith');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Łukasz Nowak-Smith' })).toBeVisible();
  await syncNow(page);
  await pupilPage(b.page, 'Nowak, Łukasz');
  await b.page.getByRole('button', { name: 'Edit details' }).click();
  await b.page.getByLabel('Surname').fill('Nowak-Jones');
  await b.page.getByRole('button', { name: 'Save changes' }).click();
  await expect(b.page.getByRole('heading', { level: 1, name: 'Łukasz Nowak-Jones' })).toBeVisible();

  // Back online: B syncs by itself (the browser's online event), then A catches up.
  await b.context.setOffline(false);
  await synced(b.page);
  await syncNow(page);
  await syncNow(b.page);
  for (const p of [page, b.page]) {
    await open(p, '/classes');
    await p.getByRole('link', { name: /1H/ }).click();
    // The later edit (B's) wins on both, as merging backups decides.
    await expect(p.getByRole('link', { name: 'Nowak-Jones, Łukasz' })).toBeVisible();
    await expect(p.getByRole('link', { name: /Nowak-Smith/ })).toHaveCount(0);
    expect((await storedSessions(p)).length).toBe(1);
  }
  await b.context.close();
});

test('erasing a pupil on one tablet removes them on every device and from the server', async ({ page, browser }) => {
  await importSample(page);
  await setUpSchool(page, 'Tablet A');
  await screening(page, 'Nowak, Łukasz', 2);
  await syncNow(page);
  const b = await device(browser);
  await joinByLink(b.page, await joinLink(page), 'Tablet B');
  expect(await pupilCount(b.page)).toBe(29);
  const before = (await liveDocs()).length;

  await open(page, '/classes');
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: 'Nowak, Łukasz' }).click();
  await page.getByRole('button', { name: 'Delete pupil…' }).click();
  await page.getByRole('button', { name: 'Delete pupil and results' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '1H' })).toBeVisible();
  await syncNow(page);
  // The pupil and their check are deleted on the server (no body left to read).
  expect((await liveDocs()).length).toBe(before - 2);
  const erased = (await server.rawDocs()).filter((d) => d._deleted);
  expect(erased.length).toBeGreaterThanOrEqual(2);
  for (const d of erased) expect(Object.keys(d).sort()).toEqual(['_deleted', '_id', '_rev', '_revisions'].filter((k) => k in d).sort());

  await syncNow(b.page);
  expect(await pupilCount(b.page)).toBe(28);
  expect((await storedSessions(b.page)).length).toBe(0);
  await open(b.page, '/classes');
  await b.page.getByRole('link', { name: /1H/ }).click();
  await expect(b.page.getByRole('link', { name: 'Nowak, Łukasz' })).toHaveCount(0);
  await b.context.close();
});

test('a wrong key and a wrong password each give their message, and nothing is written', async ({ page, browser }) => {
  await importSample(page);
  await setUpSchool(page, 'Tablet A');
  const link = await joinLink(page);

  // Another device sets up "the school" again: its new key is not the school's.
  const other = await device(browser);
  await setUpSchoolExpectingError(other.page, server.password, /school key is not this school's/);
  expect(await pupilCount(other.page)).toBe(0);
  await other.context.close();

  // A device joining with the right key but a wrong password.
  const wrong = await device(browser);
  const payload = decodeURIComponent(link.split('#')[1]);
  const json = JSON.parse(Buffer.from(payload.replace('readby7-sync:1:', ''), 'base64url').toString());
  await open(wrong.page, '/settings');
  const card = wrong.page.getByTestId('school-sync');
  await card.getByRole('button', { name: "Join your school's sync" }).click();
  await card.getByText('No link? Type the school key and the server details').click();
  await card.getByLabel('School key').fill(json.key);
  await card.getByLabel('Database').fill(server.db);
  await card.getByLabel('CouchDB user').fill(server.user);
  await card.getByLabel('CouchDB password').fill('not-the-password');
  await card.getByRole('button', { name: 'Join school sync' }).click();
  await expect(card.getByTestId('sync-error')).toContainText('did not accept the sync user name or password', { timeout: 30_000 });
  await expect(wrong.page.getByTestId('sync-status')).toHaveText(/^Sync problem/);
  expect(await pupilCount(wrong.page)).toBe(0);
  await screenshot(wrong.page, 'sync-wrong-password');
  await wrong.context.close();
});

async function setUpSchoolExpectingError(page: Page, password: string, message: RegExp) {
  await open(page, '/settings');
  const card = page.getByTestId('school-sync');
  await card.getByRole('button', { name: 'Set up sync for the school (first device)' }).click();
  await card.getByLabel('Database').fill(server.db);
  await card.getByLabel('CouchDB user').fill(server.user);
  await card.getByLabel('CouchDB password').fill(password);
  await card.getByRole('button', { name: 'Create the school key and start syncing' }).click();
  await expect(card.getByTestId('sync-error')).toContainText(message, { timeout: 30_000 });
  await expect(card.getByTestId('sync-error')).toContainText('Nothing was changed on this device');
}

test('a device not synced for more days than the setting says so on the Classes page', async ({ page }) => {
  await importSample(page);
  await setUpSchool(page, 'Tablet A');
  // Five days on, the school server is off: the round at start fails, and the notice shows.
  await server.stop();
  await page.evaluate(() => {
    const setup = JSON.parse(localStorage.getItem('readby7.sync')!);
    const fiveDaysAgo = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString();
    setup.last_synced_at = fiveDaysAgo;
    setup.joined_at = fiveDaysAgo;
    localStorage.setItem('readby7.sync', JSON.stringify(setup));
  });
  await open(page, '/classes');
  const notice = page.getByTestId('sync-overdue');
  await expect(notice).toContainText('This device has not synced with the school for 5 days');
  await expect(notice).toContainText('could not be reached', { timeout: 30_000 });
  await expect(page.getByTestId('sync-status')).toHaveText(/^Sync problem/);
  await expectAccessible(page);
  await screenshot(page, 'sync-overdue');
  // A longer limit, set in Settings, and the notice goes.
  await open(page, '/settings');
  await page.getByLabel('Warn when not synced for (days)').fill('7');
  await page.getByTestId('school-sync').getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('school-sync').getByText('Saved.')).toBeVisible();
  await open(page, '/classes');
  await expect(page.getByRole('heading', { level: 1, name: 'Classes' })).toBeVisible();
  await expect(page.getByTestId('sync-overdue')).toHaveCount(0);
});
