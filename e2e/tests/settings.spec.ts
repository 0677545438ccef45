import { test, expect, appReady, screenshot } from './fixtures';

test('settings show storage facts and save school details', async ({ page }) => {
  await page.goto('/settings');
  await appReady(page);
  await expect(page.getByTestId('schema-version')).toHaveText('2');
  await expect(page.getByTestId('device-id')).toHaveText(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+ \(build [0-9a-f]{12}\)$/);
  await expect(page.getByTestId('storage-estimate')).toHaveText(/used, .* available/);
  await expect(page.getByTestId('persistence')).toHaveText(/^(Granted|Not granted|This browser cannot)/);

  // A wrong LA number is named and nothing is saved.
  await page.getByLabel('School name').fill('Kentish Town Primary');
  await page.getByLabel('Local authority number').fill('20');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('The local authority number must be 3 digits (you entered "20").')).toBeVisible();
  await expect(page.getByLabel('Local authority number')).toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await appReady(page);
  await expect(page.getByLabel('School name')).toHaveValue('');

  await page.getByLabel('School name').fill('Kentish Town Primary');
  await page.getByLabel('Local authority number').fill('202');
  await page.getByLabel('Screening check threshold').fill('forty');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/The screening threshold must be a whole number from 0 to 40/)).toBeVisible();
  await page.getByLabel('Screening check threshold').fill('32');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await screenshot(page, 'settings-saved');

  await page.reload();
  await appReady(page);
  await expect(page.getByLabel('School name')).toHaveValue('Kentish Town Primary');
  await expect(page.getByLabel('Local authority number')).toHaveValue('202');
});
