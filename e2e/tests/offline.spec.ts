import { resolve } from 'node:path';
import { test, expect, appReady, installOffline, screenshot } from './fixtures';

// With the network off, Chromium reports that it could not fetch sw.js to look for an update.
test.use({ allowedConsole: [/Failed to update a ServiceWorker/, /ERR_INTERNET_DISCONNECTED/] });

test('after one visit the app and its stored data load with the network off', async ({ page, context }) => {
  await installOffline(page, '/settings');
  const deviceId = await page.getByTestId('device-id').textContent();
  expect(deviceId).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByLabel('School name').fill('Gospel Oak Primary');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await page.goto('/import');
  await page.getByLabel('Class list file (CSV)').setInputFiles(resolve(__dirname, '../../assets/samples/sample-class.csv'));
  await page.getByRole('button', { name: 'Import 29 pupils' }).click();
  await expect(page.getByText('Imported 29 pupils')).toBeVisible();
  await page.goto('/settings');

  await context.setOffline(true);
  await page.reload();
  await appReady(page);
  await expect(page.getByTestId('device-id')).toHaveText(deviceId!);
  await expect(page.getByLabel('School name')).toHaveValue('Gospel Oak Primary');
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => document.fonts.check('16px Andika'))).toBe(true);

  // The imported class is there, from IndexedDB.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Classes' }).click();
  await page.getByRole('link', { name: /1H/ }).click();
  await expect(page.locator('table.pupils tbody tr')).toHaveCount(29);

  // An in-app address typed while offline is served from the cache too.
  await page.goto('/progress');
  await expect(page.getByRole('heading', { level: 1, name: 'Progress' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('device-id')).toHaveText(deviceId!);
  await screenshot(page, 'offline-settings');
  await context.setOffline(false);
});
