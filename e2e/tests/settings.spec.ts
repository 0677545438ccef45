import { test, expect, appReady, screenshot } from './fixtures';

test('settings show storage facts and save school details', async ({ page }) => {
  await page.goto('/settings');
  await appReady(page);
  await expect(page.getByTestId('schema-version')).toHaveText('3');
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

test('term dates: an impossible date or an order that cannot be are named, and good ones are kept', async ({ page }) => {
  await page.goto('/settings');
  await appReady(page);
  await expect(page.getByLabel('Spring term starts')).toHaveValue('01/01');
  await expect(page.getByLabel('Summer term starts')).toHaveValue('01/04');

  await page.getByLabel('Summer term starts').fill('31/02');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Summer term starts: enter a day and month such as 20/04 (you entered "31/02").')).toBeVisible();

  // Summer before spring: refused by the domain's check, with its own message.
  await page.getByLabel('Spring term starts').fill('20/04');
  await page.getByLabel('Summer term starts').fill('06/01');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('The spring term must start before the summer term.')).toBeVisible();
  await page.reload();
  await appReady(page);
  await expect(page.getByLabel('Summer term starts')).toHaveValue('01/04');

  await page.getByLabel('Spring term starts').fill('6/1');
  await page.getByLabel('Summer term starts').fill('20/4');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await page.reload();
  await appReady(page);
  await expect(page.getByLabel('Spring term starts')).toHaveValue('06/01');
  await expect(page.getByLabel('Summer term starts')).toHaveValue('20/04');
});
