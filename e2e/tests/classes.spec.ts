import { resolve } from 'node:path';
import { test, expect, appReady, screenshot, expectAccessible, type Page } from './fixtures';

const sample = resolve(__dirname, '../../assets/samples/sample-class.csv');

async function chooseFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel('Class list file (CSV)').setInputFiles(file);
}

async function expectCounts(page: Page, add: number, update: number, unchanged: number, skipped: number) {
  await expect(page.getByTestId('count-add')).toHaveText(String(add));
  await expect(page.getByTestId('count-update')).toHaveText(String(update));
  await expect(page.getByTestId('count-unchanged')).toHaveText(String(unchanged));
  await expect(page.getByTestId('count-skipped')).toHaveText(String(skipped));
}

const pupilRows = (page: Page) => page.locator('table.pupils tbody tr');

test('import the sample class, reload, import again, delete a pupil', async ({ page }) => {
  await page.goto('/classes');
  await appReady(page);
  await expect(page.getByRole('heading', { name: 'No classes yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Import a class list' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import a class list' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download the sample class list' })).toHaveAttribute('href', '/samples/sample-class.csv');

  await chooseFile(page, sample);
  await expectCounts(page, 29, 0, 0, 1);
  const problems = page.getByRole('region', { name: /Rows that will be skipped/ });
  await expect(problems.getByRole('row', { name: /26 Jayden Clarke UPN "W202299920052": the check letter is wrong/ })).toBeVisible();
  await expect(page.getByText('New class to create: 1H (Year 1).')).toBeVisible();
  await expect(page.getByText('Columns not used: Admission Number.')).toBeVisible();
  await screenshot(page, 'import-preview');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Import 29 pupils' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 29 pupils: 29 added, 0 updated. New class: 1H.' })).toBeVisible();
  await page.getByRole('link', { name: 'Open 1H' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '1H' })).toBeVisible();
  await expect(page.getByText('Year 1 · ')).toContainText('29 pupils');
  await expect(pupilRows(page)).toHaveCount(29);
  // Sorted by surname; flags shown as text a screen reader can read.
  await expect(pupilRows(page).first()).toContainText('Abdi, Ibrahim');
  const mohammed = page.getByRole('row', { name: /Rahman, Mohammed/ });
  await expect(mohammed).toContainText('PP');
  await expect(mohammed).toContainText('SEND');
  await expect(mohammed).toContainText('EAL');
  await screenshot(page, 'class-list');
  await expectAccessible(page);

  await page.reload();
  await appReady(page);
  await expect(pupilRows(page)).toHaveCount(29);

  // The same file again: nothing to add, nothing written.
  await page.goto('/import');
  await chooseFile(page, sample);
  await expectCounts(page, 0, 0, 29, 1);
  await expect(page.getByRole('button', { name: 'Nothing to import' })).toBeDisabled();
  await page.goto('/classes');
  await expect(page.locator('.class-list > li')).toHaveCount(1);
  await page.getByRole('link', { name: /1H/ }).click();
  await expect(pupilRows(page)).toHaveCount(29);

  // Erase one pupil (a parent's request): confirmation first, then gone for good.
  await page.getByRole('link', { name: 'Nowak, Łukasz' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Łukasz Nowak' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Delete pupil…' }).click();
  await expect(page.getByText('Delete Łukasz Nowak and their details (they have no check results)? This cannot be undone.')).toBeVisible();
  await page.getByRole('button', { name: 'Delete pupil and results' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '1H' })).toBeVisible();
  await expect(pupilRows(page)).toHaveCount(28);
  await page.reload();
  await appReady(page);
  await expect(pupilRows(page)).toHaveCount(28);
  await expect(page.getByRole('link', { name: 'Nowak, Łukasz' })).toHaveCount(0);
});

test('files that are not class lists are refused and nothing is written', async ({ page }) => {
  const cases = [
    { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0), message: 'The file is empty.' },
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), message: 'This is a PNG image, not a CSV file.' },
    { name: 'class.csv', mimeType: 'text/csv', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0, 0, 0]), message: 'This is an Excel workbook (.xlsx)' },
    { name: 'shopping.csv', mimeType: 'text/csv', buffer: Buffer.from('Item,Price\nApples,1.20\n'), message: 'No column of pupils\' names was found.' },
    { name: 'junk.csv', mimeType: 'text/csv', buffer: Buffer.alloc(5_000_000, 'z'), message: 'The file is 5.0 MB' },
  ];
  await page.goto('/import');
  await appReady(page);
  for (const c of cases) {
    await chooseFile(page, c);
    await expect(page.getByRole('alert').filter({ hasText: c.message })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: c.message })).toContainText('Nothing was imported.');
    await expect(page.getByRole('button', { name: /^Import \d+ pupil/ })).toHaveCount(0);
  }
  await screenshot(page, 'import-refused');
  await page.goto('/classes');
  await expect(page.getByRole('heading', { name: 'No classes yet' })).toBeVisible();
});

test('make a class, add a pupil with mistakes corrected, edit, move, archive', async ({ page }) => {
  await page.goto('/classes');
  await appReady(page);
  await page.getByRole('button', { name: 'New class' }).click();
  await page.getByLabel('Class name').fill('2 Oak');
  await page.getByLabel('Year group').selectOption({ label: 'Year 2' });
  await page.getByRole('button', { name: 'Create class' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '2 Oak' })).toBeVisible();
  await expect(page.getByText('No pupils in this class yet')).toBeVisible();

  await page.getByRole('link', { name: 'Add a pupil' }).click();
  await expect(page.getByLabel('Year group')).toHaveValue('Year2');
  await page.getByLabel('Forename').fill('Amara');
  await page.getByLabel('Date of birth').fill('2015-03-14');
  await page.getByLabel('UPN (optional)').fill('C801200005001');
  await page.getByRole('button', { name: 'Add pupil' }).click();
  await expect(page.getByText('Surname is required.')).toBeVisible();
  await expect(page.getByText(/UPN "C801200005001": the check letter is wrong/)).toBeVisible();
  await expect(page.getByText(/Date of birth 14\/03\/2015 is not plausible for Year 2/)).toBeVisible();
  await expect(page.getByLabel('Surname')).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'pupil-form-errors');
  await expectAccessible(page);

  await page.getByLabel('Surname').fill('Okafor');
  await page.getByLabel('Date of birth').fill(`${new Date().getFullYear() - 7}-01-14`);
  await page.getByLabel('UPN (optional)').fill('B801200005001');
  await page.getByLabel('Disadvantaged (pupil premium / free school meals)').check();
  await page.getByRole('button', { name: 'Add pupil' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '2 Oak' })).toBeVisible();
  await expect(pupilRows(page)).toHaveCount(1);
  await expect(pupilRows(page).first()).toContainText('Okafor, Amara');
  await expect(pupilRows(page).first()).toContainText('PP');

  // A second pupil may not take the same UPN.
  await page.getByRole('link', { name: 'Add a pupil' }).click();
  await page.getByLabel('Forename').fill('Ben');
  await page.getByLabel('Surname').fill('Ade');
  await page.getByLabel('Date of birth').fill(`${new Date().getFullYear() - 7}-02-01`);
  await page.getByLabel('UPN (optional)').fill('b8012 0000 5001');
  await page.getByRole('button', { name: 'Add pupil' }).click();
  await expect(page.getByText('UPN B801200005001 already belongs to Amara Okafor.')).toBeVisible();
  await page.getByLabel('UPN (optional)').fill('');
  await page.getByRole('button', { name: 'Add pupil' }).click();
  await expect(pupilRows(page)).toHaveCount(2);

  // Search and sort.
  await page.getByLabel('Search pupils').fill('ama');
  await expect(pupilRows(page)).toHaveCount(1);
  await page.getByLabel('Search pupils').fill('');
  await page.getByLabel('Sort by').selectOption({ label: 'First name' });
  await expect(pupilRows(page).first()).toContainText('Amara Okafor');

  // Edit, then move to a new class, then archive.
  await page.getByRole('link', { name: 'Amara Okafor' }).click();
  await page.getByRole('button', { name: 'Edit details' }).click();
  await page.getByLabel('Surname').fill('Okafor-Bello');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Amara Okafor-Bello' })).toBeVisible();

  await page.goto('/classes');
  await page.getByRole('button', { name: 'New class' }).click();
  await page.getByLabel('Class name').fill('2 Elm');
  await page.getByLabel('Year group').selectOption({ label: 'Year 2' });
  await page.getByRole('button', { name: 'Create class' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '2 Elm' })).toBeVisible();
  await page.goto('/classes');
  await page.getByRole('link', { name: /2 Oak/ }).click();
  await page.getByRole('link', { name: 'Okafor-Bello, Amara' }).click();
  const elm = await page.locator('#move_to option', { hasText: '2 Elm' }).getAttribute('value');
  await page.getByLabel('Move to class').selectOption(elm!);
  await page.getByRole('button', { name: 'Move' }).click();
  await expect(page.getByRole('link', { name: 'Back to 2 Elm' })).toBeVisible();
  await page.getByRole('button', { name: 'Archive pupil' }).click();
  await expect(page.getByText('Archived', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Back to 2 Elm' }).click();
  await expect(page.getByText('No pupils in this class yet')).toHaveCount(0);
  await expect(pupilRows(page)).toHaveCount(0);
  await page.getByLabel('Show archived pupils (1)').check();
  await expect(pupilRows(page)).toHaveCount(1);

  // Rename and archive the class.
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill('2 Oak');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('There is already a class called 2 Oak')).toBeVisible();
  await page.getByLabel('New name').fill('2 Elder');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '2 Elder' })).toBeVisible();
  await page.getByRole('button', { name: 'Archive class' }).click();
  // The button turns into "Restore class" once the archive is stored; leave only then.
  await expect(page.getByRole('button', { name: 'Restore class' })).toBeVisible();
  await page.goto('/classes');
  await expect(page.getByText('Archived classes (1)')).toBeVisible();
  await screenshot(page, 'classes');
  await expectAccessible(page);
});
