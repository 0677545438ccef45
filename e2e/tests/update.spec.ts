// A new build deployed while the app is open: the app says so, keeps running the build it
// started with, and switches (all files at once) only when the user chooses to reload.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect, appReady, installOffline } from './fixtures';

const root = resolve(__dirname, '../..');
const port = Number(process.env.E2E_UPDATE_PORT ?? 8098);
let dir: string;
let server: ChildProcess;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'readby7-deploy-'));
  cpSync(join(root, 'dist'), dir, { recursive: true });
  // --dev: sirv re-reads the folder on each request, as a host serving a fresh deploy would.
  server = spawn(process.execPath, [
    join(root, 'tools/node_modules/sirv-cli/bin.js'), dir, '--dev', '--single', '--host', '127.0.0.1', '--port', String(port),
  ], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the deploy server did not start');
});

test.afterAll(() => {
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Deploys a "new build" over the served folder: changed content, re-stamped, new sw.js. */
function deployNewBuild() {
  writeFileSync(join(dir, 'release-note.txt'), `deployed ${Date.now()}\n`);
  execFileSync(process.execPath, [join(root, 'tools/post-build.mjs')], {
    env: { ...process.env, TRUNK_STAGING_DIR: dir },
    cwd: root,
    stdio: 'ignore',
  });
}

test.use({ baseURL: `http://127.0.0.1:${port}` });

test('a new deployment is announced and applied only on reload', async ({ page }) => {
  await installOffline(page, '/settings');
  const buildText = page.getByTestId('app-version');
  const oldBuild = await buildText.textContent();
  await expect(page.getByText('A new version of ReadBy7 is ready')).toHaveCount(0);

  deployNewBuild();
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration!.update();
  });
  await expect(page.getByText('A new version of ReadBy7 is ready. Everything you have saved stays.')).toBeVisible();

  // Until the user agrees, this page keeps the build it started with, even across navigation.
  await page.getByRole('link', { name: 'Progress' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(buildText).toHaveText(oldBuild!);

  // Listen before the click: the new worker can take over and reload the page before the
  // click's promise returns.
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await appReady(page);
  await expect(buildText).not.toHaveText(oldBuild!);
  const newBuild = await buildText.textContent();
  const served = await page.evaluate(() => document.querySelector('meta[name=readby7-build]')!.getAttribute('content'));
  expect(newBuild).toContain(served!);
  await expect(page.getByText('A new version of ReadBy7 is ready')).toHaveCount(0);
});
