// Shared test setup: every test fails if the page logs an error, throws, or sends a request
// anywhere but the server under test. Tests that expect a particular console message (e.g. the
// browser reporting it could not check for an update while offline) list it in `allowedConsole`.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type ConsoleMessage } from '@playwright/test';

type Guard = { consoleErrors: string[]; foreignRequests: string[] };

export const test = base.extend<{ allowedConsole: RegExp[]; guard: Guard }>({
  allowedConsole: [[], { option: true }],
  guard: [
    async ({ context, allowedConsole, baseURL }, use) => {
      const guard: Guard = { consoleErrors: [], foreignRequests: [] };
      const origin = new URL(baseURL!).origin;
      const local = (url: string) => {
        const u = new URL(url);
        return u.hostname === '127.0.0.1' || ['data:', 'blob:', 'about:'].includes(u.protocol);
      };
      context.on('request', (request) => {
        if (!local(request.url())) guard.foreignRequests.push(request.url());
      });
      const watch = (page: Page) => {
        page.on('console', (msg: ConsoleMessage) => {
          if (msg.type() !== 'error') return;
          const text = msg.text();
          if (!allowedConsole.some((re) => re.test(text))) guard.consoleErrors.push(text);
        });
        page.on('pageerror', (err) => guard.consoleErrors.push(`uncaught: ${err.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(guard);
      expect(guard.foreignRequests, `requests left ${origin}`).toEqual([]);
      expect(guard.consoleErrors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits for the app (not just the HTML) to be on screen. */
export async function appReady(page: Page) {
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** Visits once so the service worker installs, then reloads so it controls the page. */
export async function installOffline(page: Page, path = '/') {
  await page.goto(path);
  await appReady(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await appReady(page);
}

export const viewports = [
  { name: 'tablet-portrait', width: 768, height: 1024 },
  { name: 'tablet-landscape', width: 1024, height: 768 },
  { name: 'phone', width: 390, height: 844 },
];

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious).toEqual([]);
}

export type { Page };

export const sampleClass = new URL('../../assets/samples/sample-class.csv', `file://${__dirname}/`).pathname;

/** Imports the sample class (29 pupils in 1H) through the import page. */
export async function importSample(page: Page) {
  await page.goto('/import');
  await page.getByLabel('Class list file (CSV)').setInputFiles(sampleClass);
  await page.getByRole('button', { name: 'Import 29 pupils' }).click();
  await expect(page.getByText('Imported 29 pupils')).toBeVisible();
}

/** Every check session as stored in IndexedDB (read through a second connection). */
export async function storedSessions(page: Page): Promise<any[]> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('readby7');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const sessions: any[] = await new Promise((resolve, reject) => {
      const r = db.transaction('sessions').objectStore('sessions').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return sessions;
  });
}

/** Items marked in the check sessions still open in IndexedDB: what survives a closed tab or a
 *  reload. Tests that close or reload straight after a tap wait for this, since a test (unlike
 *  an adult) can close a page within milliseconds of the tap that wrote to it. */
export async function storedResponses(page: Page): Promise<number> {
  return (await storedSessions(page))
    .filter((s) => s.status === 'InProgress')
    .flatMap((s) => s.responses ?? [])
    .filter((r: unknown) => r !== null && r !== undefined).length;
}

/** On a pupil's screening check start page: marks the first `marked` words right by keyboard,
 *  then stops early, so the mark is `marked`. */
export async function markAndStopEarly(page: Page, marked: number) {
  await page.getByRole('button', { name: 'Start the check' }).click();
  for (let n = 1; n <= marked; n++) {
    await expect(page.getByTestId('check-position')).toContainText(`${n - 1} of 40 marked`);
    await page.keyboard.press('c');
  }
  await expect(page.getByTestId('check-position')).toContainText(`${marked} of 40 marked`);
  await page.getByRole('button', { name: 'Stop…' }).click();
  await page.getByRole('button', { name: 'Stop early: mark the words read so far' }).click();
  await expect(page.getByTestId('mark')).toHaveText(`${marked} / 40`);
}
