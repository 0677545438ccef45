// Records: MIS and item-level CSV, CTF, backup, restore (and its refusals), merge, the backup
// reminder and the parent report. Every file is caught as a real download and read back.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, appReady, importSample, screenshot, expectAccessible, sampleClass, type Page } from './fixtures';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A small RFC 4180 reader: quoted cells, doubled quotes, CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The sample class as the MIS wrote it: UPN, surname, forename and date of birth (dd/mm/yyyy). */
const sample = parseCsv(readFileSync(sampleClass, 'utf8').replace(/^\uFEFF/, ''))
  .slice(1)
  .filter((r) => r.length > 3)
  .map(([upn, surname, forename, dob]) => ({ upn, surname, forename, dob }));
const samplePupil = (surname: string) => sample.find((p) => p.surname === surname)!;
const isoFromUk = (uk: string) => uk.split('/').reverse().join('-');

/** Today in London, as the app writes it in file names (YYYY-MM-DD). */
const todayIso = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/** A date of birth in the usual Year 1 cohort this academic year. */
function year1Dob() {
  const now = new Date();
  const start = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start - 6}-12-01`;
}

const classLink = (page: Page) => page.getByRole('link', { name: /1H/ });

async function openClass(page: Page) {
  await page.goto('/classes');
  await appReady(page);
  await classLink(page).click();
  await expect(page.getByRole('heading', { level: 1, name: '1H' })).toBeVisible();
}

async function openPupil(page: Page, listName: string) {
  await openClass(page);
  await page.getByRole('link', { name: listName }).click();
}

/** The number of pupils the class list shows for 1H ("Year 1 · 2026/27 · 29 pupils"). */
async function pupilCount(page: Page): Promise<number> {
  await page.goto('/classes');
  await appReady(page);
  const text = (await classLink(page).textContent()) ?? '';
  const m = text.match(/(\d+) pupils?/);
  expect(m, `pupil count in "${text}"`).not.toBeNull();
  return Number(m![1]);
}

/** Adds a pupil to 1H through the class page's "Add a pupil" form. */
async function addPupil(page: Page, forename: string, surname: string, upn = '') {
  await openClass(page);
  await page.getByRole('link', { name: 'Add a pupil' }).click();
  await page.getByLabel('Forename').fill(forename);
  await page.getByLabel('Surname').fill(surname);
  await page.getByLabel('Date of birth').fill(year1Dob());
  await page.getByLabel('UPN (optional)').fill(upn);
  await page.getByRole('button', { name: 'Add pupil' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '1H' })).toBeVisible();
  await expect(page.locator('table.pupils tbody tr', { hasText: `${surname}, ${forename}` })).toHaveCount(1);
}

/** A whole screening check by keyboard: the first `wrong` words incorrect, the rest correct. */
async function screening(page: Page, listName: string, wrong: number) {
  await openPupil(page, listName);
  await page.getByRole('button', { name: 'Start screening check' }).click();
  await page.getByRole('button', { name: 'Start the check' }).click();
  for (let n = 1; n <= 40; n++) {
    await expect(page.getByTestId('check-position')).toContainText(`${n - 1} of 40 marked`);
    await page.keyboard.press(n <= wrong ? 'x' : 'c');
  }
  await expect(page.getByTestId('mark')).toHaveText(`${40 - wrong} / 40`);
}

/** Records a pupil as absent (a result with a code and no mark): quick. */
async function absent(page: Page, listName: string) {
  await openPupil(page, listName);
  await page.getByRole('button', { name: 'Start screening check' }).click();
  await page.getByRole('button', { name: 'Stop…' }).click();
  await page.getByRole('button', { name: 'Absent (A)' }).click();
  await expect(page.getByTestId('outcome')).toHaveText('Recorded as absent (A).');
}

/** Stops a check early after `marked` correct words. */
async function stoppedEarly(page: Page, listName: string, marked: number) {
  await openPupil(page, listName);
  await page.getByRole('button', { name: 'Start screening check' }).click();
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

async function setSchoolName(page: Page, name: string) {
  await page.goto('/settings');
  await appReady(page);
  await page.getByLabel('School name').fill(name);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
}

async function openRecords(page: Page) {
  await page.goto('/records');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Records' })).toBeVisible();
}

type Saved = { name: string; path: string; text: string };

/** A downloaded file as the teacher would choose it again: under its own name. */
const asChosen = (f: Saved) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) });

/** Clicks and returns the file the click downloads. */
async function download(page: Page, click: () => Promise<unknown>): Promise<Saved> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function backup(page: Page): Promise<Saved> {
  await openRecords(page);
  const saved = await download(page, () => button(page, 'Download backup').click());
  await expect(page.getByTestId('records-message')).toContainText(`Saved ${saved.name}`);
  return saved;
}

const restoreInput = (page: Page) => page.getByLabel('Restore from a backup file');
const mergeInput = (page: Page) => page.getByLabel("Merge another tablet's backup");

// ---------------------------------------------------------------------------------------------
// MIS exports
// ---------------------------------------------------------------------------------------------

test('MIS CSV: one row per pupil with mark, Wa/Wt and ISO dates; the outcome code only for A, D, L or Q; a formula-like surname is neutralised', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await addPupil(page, 'Eve', '=Evil');
  await screening(page, 'Abdi, Ibrahim', 1);
  await absent(page, 'Cohen, Reuben');

  await openRecords(page);
  await expectAccessible(page);
  const csv = await download(page, () => button(page, 'Download MIS CSV').click());
  expect(csv.name).toMatch(/^readby7-screening-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByTestId('records-message')).toHaveText(`Saved ${csv.name} (30 pupils).`);
  expect(csv.text, 'CRLF line ends').toContain('\r\n');

  const rows = parseCsv(csv.text.replace(/^\uFEFF/, '')).filter((r) => r.join('') !== '');
  expect(rows[0]).toEqual(['UPN', 'Surname', 'Forename', 'Date of birth', 'Year group', 'Class', 'Mark', 'Outcome code', 'Wa/Wt']);
  expect(rows).toHaveLength(31);

  const abdi = samplePupil('Abdi');
  const ibrahim = rows.find((r) => r[0] === abdi.upn)!;
  // Wa/Wt in their own column only: the outcome code is blank for a pupil who took the check.
  expect(ibrahim).toEqual([abdi.upn, 'Abdi', 'Ibrahim', isoFromUk(abdi.dob), 'Year 1', '1H', '39', '', 'Wa']);
  // The absent pupil: a blank mark (never 0), A as the outcome code, no Wa/Wt.
  const cohen = rows.find((r) => r[1] === 'Cohen')!;
  expect(cohen.slice(6)).toEqual(['', 'A', '']);
  // A pupil without a result has a row with blank result cells.
  const okafor = rows.find((r) => r[1] === 'Okafor')!;
  expect(okafor.slice(6)).toEqual(['', '', '']);
  // Every date of birth is ISO.
  for (const r of rows.slice(1)) expect(r[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // The '=' surname cannot run as a formula: it starts with an apostrophe.
  const evil = rows.find((r) => r[2] === 'Eve')!;
  expect(evil[1]).toBe("'=Evil");
  expect(evil[0]).toBe('');
  expect(csv.text).not.toMatch(/(^|,|\n)=Evil/);
  await screenshot(page, 'records-after-mis-export');
});

test('the check and period chosen change the MIS export', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await absent(page, 'Cohen, Reuben');
  await openRecords(page);
  const period = page.getByLabel('Period');
  const terms = await period.locator('option').allTextContents();
  expect(terms).toHaveLength(4); // the year and its three terms

  // Autumn (today is in it): Reuben's A is there; the file is named for the term.
  await period.selectOption({ index: 1 });
  const autumn = await download(page, () => button(page, 'Download MIS CSV').click());
  expect(autumn.name).toMatch(/^readby7-screening-\d{4}-09-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(parseCsv(autumn.text).find((r) => r[1] === 'Cohen')!.slice(6)).toEqual(['', 'A', '']);

  // Summer: nothing yet.
  await period.selectOption({ index: 3 });
  const summer = await download(page, () => button(page, 'Download MIS CSV').click());
  expect(summer.name).not.toBe(autumn.name);
  expect(parseCsv(summer.text).find((r) => r[1] === 'Cohen')!.slice(6)).toEqual(['', '', '']);

  // Another check kind has its own columns.
  await period.selectOption({ index: 0 });
  await page.getByLabel('Check').selectOption({ label: 'Fluency' });
  const fluency = await download(page, () => button(page, 'Download MIS CSV').click());
  expect(fluency.name).toMatch(/^readby7-fluency-/);
  expect(parseCsv(fluency.text)[0].slice(-3)).toEqual(['Mark', 'Outcome code', 'Accuracy']);
  await page.getByLabel('Check').selectOption({ label: 'GPC check' });
  const gpc = await download(page, () => button(page, 'Download MIS CSV').click());
  expect(gpc.name).toMatch(/^readby7-gpc-/);
  expect(parseCsv(gpc.text)[0].slice(-2)).toEqual(['Mark', 'Outcome code']);
});

test('item-level CSV has one row per marked item', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await screening(page, 'Abdi, Ibrahim', 3);
  await stoppedEarly(page, 'Ali, Yusuf', 5);
  await absent(page, 'Cohen, Reuben');

  await openRecords(page);
  const csv = await download(page, () => button(page, 'Download item-level CSV').click());
  expect(csv.name).toBe(`readby7-items-${todayIso()}.csv`);
  const rows = parseCsv(csv.text.replace(/^\uFEFF/, '')).filter((r) => r.join('') !== '');
  expect(rows[0]).toEqual(['UPN', 'Surname', 'Forename', 'Session id', 'Check', 'Date', 'Item', 'Item text', 'Pseudo-word', 'GPCs', 'Response']);
  const body = rows.slice(1);
  // 40 for Ibrahim, 5 for Yusuf (stopped early: unmarked items left out), none for the absent Reuben.
  expect(body).toHaveLength(45);
  const ibrahim = body.filter((r) => r[1] === 'Abdi');
  expect(ibrahim.map((r) => r[6])).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
  expect(new Set(ibrahim.map((r) => r[3])).size).toBe(1);
  expect(ibrahim.filter((r) => r[10] === 'Incorrect')).toHaveLength(3);
  expect(ibrahim.filter((r) => r[10] === 'Correct')).toHaveLength(37);
  expect(ibrahim.filter((r) => r[8] === 'Yes').length).toBeGreaterThan(0); // alien words are flagged
  const yusuf = body.filter((r) => r[1] === 'Ali');
  expect(yusuf.map((r) => r[6])).toEqual(['1', '2', '3', '4', '5']);
  expect(body.filter((r) => r[1] === 'Cohen')).toHaveLength(0);
  for (const r of body) {
    expect(r[5]).toBe(todayIso());
    expect(r[7]).not.toBe('');
  }
});

/** Each `<Pupil>` element of a CTF, by UPN. */
function ctfPupils(xml: string): Map<string, string> {
  const blocks = xml.split('<Pupil>').slice(1).map((b) => b.split('</Pupil>')[0]);
  return new Map(blocks.map((b) => [b.match(/<UPN>(.*?)<\/UPN>/)![1], b]));
}
const texts = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'g'))].map((m) => m[1]);

/** The CTF version of the academic year a date falls in: 2025/26 gives "25.0". */
function ctfVersion(today: Date) {
  const start = today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;
  return `${String(start % 100).padStart(2, '0')}.0`;
}

test('CTF: missing school numbers name the setting; once set, the XML is written as the DfE writes it and says who is left out', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await addPupil(page, 'Nora', 'Newcome'); // no UPN yet
  await addPupil(page, 'Sam', 'Lowe', 'B801200005001'); // a UPN, but no sex recorded
  await screening(page, 'Abdi, Ibrahim', 1);
  await absent(page, 'Cohen, Reuben');
  await absent(page, 'Newcome, Nora');
  await absent(page, 'Lowe, Sam');

  await openRecords(page);
  // No file is offered while the school's numbers are missing.
  let downloads = 0;
  page.on('download', () => downloads++);
  await button(page, 'Download CTF (screening)').click();
  const message = page.getByTestId('records-message');
  await expect(message).toHaveAttribute('role', 'alert');
  await expect(message).toContainText("A CTF needs the school's name");
  await expect(message).toContainText('Settings');
  await screenshot(page, 'records-ctf-missing-setting');
  // The message should tell the teacher what to do once, not twice.
  expect((await message.textContent())!.match(/Settings/g), `"${await message.textContent()}"`).toHaveLength(1);
  expect(downloads).toBe(0);

  await page.goto('/settings');
  await appReady(page);
  await page.getByLabel('School name').fill('Kentish Town Primary');
  await page.getByLabel('Local authority number').fill('202');
  await page.getByLabel('Establishment number').fill('2001');
  await page.getByLabel('URN', { exact: true }).fill('123456');
  // Wa/Wt in the CTF is a setting, off by default.
  await expect(page.getByLabel(/Write Wa\/Wt in the CTF/)).not.toBeChecked();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  await openRecords(page);
  // Before any download, the pupil who would go without <Sex> is named.
  await expect(page.getByTestId('ctf-sex-warning')).toHaveText(
    '1 pupil has no sex recorded: Sam Lowe. A CTF allows only M or F, so their result is written without it (your MIS matches pupils by UPN). Record it on the pupil\'s page to include it.',
  );
  await screenshot(page, 'records-ctf-sex-warning');
  const ctf = await download(page, () => button(page, 'Download CTF (screening)').click());
  expect(ctf.name).toBe('2022001_CTF_2022001_001.xml');
  expect(ctf.text).toMatch(/^<\?xml/);
  expect(texts(ctf.text, 'CTFversion')).toEqual([ctfVersion(new Date())]);
  expect(texts(ctf.text, 'LEA')).toEqual(['202', '202']);
  expect(texts(ctf.text, 'Estab')).toEqual(['2001', '2001']);
  expect(ctf.text).not.toContain('<Gender>');
  expect(texts(ctf.text, 'ResultStatus').every((r) => r === 'R')).toBe(true);
  const pupils = ctfPupils(ctf.text);
  expect([...pupils.keys()].sort()).toEqual([samplePupil('Abdi').upn, 'B801200005001', samplePupil('Cohen').upn].sort());
  expect(ctf.text).not.toContain('Newcome');
  // Ibrahim took it: his mark, his sex, no Wa/Wt (the setting is off).
  const ibrahim = pupils.get(samplePupil('Abdi').upn)!;
  expect(texts(ibrahim, 'Sex')).toEqual(['M']);
  expect(texts(ibrahim, 'Result')).toEqual(['39']);
  // Reuben was absent: A as the outcome, and no mark at all (blank, never 0).
  const reuben = pupils.get(samplePupil('Cohen').upn)!;
  expect(texts(reuben, 'Sex')).toEqual(['M']);
  expect(texts(reuben, 'Result')).toEqual(['A']);
  expect(texts(reuben, 'Component')).toEqual(['PHONICS_OUTCOME']);
  // Sam has no recorded sex: no <Sex> element, never an invalid code.
  const sam = pupils.get('B801200005001')!;
  expect(sam).not.toContain('<Sex>');
  expect(texts(sam, 'Result')).toEqual(['A']);
  await expect(message).toHaveText(`Saved ${ctf.name}: 3 pupils exported, 28 not exported.`);
  const left = page.getByTestId('not-exported');
  // Grouped by reason: 27 without a check on one line, Nora without a UPN on another.
  await expect(left.locator('li', { hasText: 'No UPN is recorded' })).toContainText('1 pupil: Nora Newcome');
  await expect(left.locator('li')).toHaveCount(2);
  await expect(left.locator('li', { hasText: '27 pupils: ' })).toHaveCount(1);
  await screenshot(page, 'records-ctf-exported');

  // The next export counts up, and a reload does not reset the count.
  await page.reload();
  await appReady(page);
  const second = await download(page, () => button(page, 'Download CTF (screening)').click());
  expect(second.name).toBe('2022001_CTF_2022001_002.xml');

  // With the setting on, Wa/Wt follow the mark.
  await page.goto('/settings');
  await appReady(page);
  await page.getByLabel(/Write Wa\/Wt in the CTF/).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await openRecords(page);
  const third = await download(page, () => button(page, 'Download CTF (screening)').click());
  expect(third.name).toBe('2022001_CTF_2022001_003.xml');
  expect(texts(ctfPupils(third.text).get(samplePupil('Abdi').upn)!, 'Result')).toEqual(['39', 'Wa']);
  expect(texts(ctfPupils(third.text).get(samplePupil('Cohen').upn)!, 'Result')).toEqual(['A']);
});

// ---------------------------------------------------------------------------------------------
// Backup, restore, merge
// ---------------------------------------------------------------------------------------------

test('backup downloads a checked JSON file; a deleted pupil comes back when it is restored', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await absent(page, 'Abdi, Ibrahim');
  await setSchoolName(page, 'Kentish Town Primary');

  const file = await backup(page);
  expect(file.name).toBe(`readby7-backup-${todayIso()}.json`);
  const doc = JSON.parse(file.text);
  expect(doc.format).toBe('readby7-backup');
  expect(doc.format_version).toBe(1);
  expect(doc.checksum).toMatch(/^[0-9a-f]{64}$/);
  expect(file.text).toContain('"Abdi"');
  await expect(page.getByText(/Last backup from this device: \d\d\/\d\d\/\d{4}\./)).toBeVisible();
  await expect(page.getByText('This device has not made a backup yet.')).toHaveCount(0);
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);

  await openPupil(page, 'Abdi, Ibrahim');
  await page.getByRole('button', { name: 'Delete pupil…' }).click();
  await page.getByRole('button', { name: 'Delete pupil and results' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '1H' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Abdi, Ibrahim' })).toHaveCount(0);
  expect(await pupilCount(page)).toBe(28);
  await setSchoolName(page, 'Somewhere Else Primary');

  await openRecords(page);
  await restoreInput(page).setInputFiles(asChosen(file));
  const preview = page.getByTestId('restore-preview');
  await expect(preview).toContainText(`${file.name}: made on`);
  await expect(preview).toContainText('with 1 class, 29 pupils, 1 check and 0 recordings.');
  await expect(preview).toContainText('REPLACES everything');
  await screenshot(page, 'records-restore-preview');
  await page.getByRole('button', { name: 'Replace everything with this backup' }).click();
  await expect(page.getByTestId('restore-done')).toHaveText("Restored: 29 pupils and 1 check; this tablet's recordings of those checks are kept.");

  await page.reload();
  await appReady(page);
  expect(await pupilCount(page)).toBe(29);
  await openPupil(page, 'Abdi, Ibrahim');
  await expect(page.getByRole('heading', { level: 1, name: 'Ibrahim Abdi' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Phonics screening practice/ })).toHaveCount(1);
  // The settings come back with the backup.
  await page.goto('/settings');
  await expect(page.getByLabel('School name')).toHaveValue('Kentish Town Primary');
});

test('restore refuses a PNG, a truncated backup and an edited backup, and changes nothing', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await absent(page, 'Abdi, Ibrahim');
  const file = await backup(page);
  // After the backup, one pupil is deleted: a wrongly accepted file would bring them back.
  await openPupil(page, 'Okafor, Amara');
  await page.getByRole('button', { name: 'Delete pupil…' }).click();
  await page.getByRole('button', { name: 'Delete pupil and results' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '1H' })).toBeVisible();
  expect(await pupilCount(page)).toBe(28);

  const png = readFileSync(resolve(__dirname, '../../assets/icons/icon-192.png'));
  const half = file.text.slice(0, Math.floor(file.text.length / 2));
  const at = file.text.indexOf('"Okafor"') + 2; // the 'k' of Okafor: one character changed
  expect(at).toBeGreaterThan(2);
  const edited = file.text.slice(0, at) + 'c' + file.text.slice(at + 1);
  expect(edited.length).toBe(file.text.length);
  const cases = [
    { name: 'readby7-backup-photo.json', buffer: png, message: /not a ReadBy7 backup/ },
    { name: 'readby7-backup-half.json', buffer: Buffer.from(half), message: /incomplete/ },
    { name: 'readby7-backup-edited.json', buffer: Buffer.from(edited), message: /changed or damaged/ },
  ];

  await openRecords(page);
  for (const c of cases) {
    await restoreInput(page).setInputFiles({ name: c.name, mimeType: 'application/json', buffer: c.buffer });
    const problem = page.getByTestId('restore-problem');
    await expect(problem).toContainText(c.name);
    await expect(problem).toContainText(c.message);
    await expect(problem).toContainText(/Nothing was (restored|changed)\./);
    await expect(page.getByTestId('restore-preview')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Replace everything with this backup' })).toHaveCount(0);
    await screenshot(page, `records-restore-refused-${c.name.replace(/\W+/g, '-')}`);
  }
  expect(await pupilCount(page)).toBe(28);
  await openClass(page);
  await expect(page.getByRole('link', { name: 'Okafor, Amara' })).toHaveCount(0);
});

test('a backup from a newer app (a correct checksum, a higher data format) is refused with advice', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await absent(page, 'Abdi, Ibrahim');
  const file = await backup(page);
  // Re-seal an edited document the way the app does: SHA-256 of the file without its checksum.
  const unsealed = file.text.replace(/,"checksum":"[0-9a-f]{64}"}$/, '}');
  expect(unsealed).not.toBe(file.text);
  expect(createHash('sha256').update(unsealed).digest('hex')).toBe(JSON.parse(file.text).checksum);
  const newer = unsealed.replace(/"schema_version":(\d+)/, (_, v) => `"schema_version":${Number(v) + 1}`);
  const sealed = newer.replace(/}$/, `,"checksum":"${createHash('sha256').update(newer).digest('hex')}"}`);
  await restoreInput(page).setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(sealed) });
  const problem = page.getByTestId('restore-problem');
  await expect(problem).toContainText('was made by a newer version of ReadBy7');
  await expect(problem).toContainText('Update the app on this tablet first. Nothing was changed.');
  await expect(page.getByTestId('restore-preview')).toHaveCount(0);
  // Merging it is refused too.
  await mergeInput(page).setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(sealed) });
  await expect(problem).toContainText('was made by a newer version of ReadBy7');
  await expect(page.getByTestId('restore-preview')).toHaveCount(0);
});

test('choosing the class list instead of a backup points to a page that exists', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await openRecords(page);
  await restoreInput(page).setInputFiles(sampleClass);
  const problem = page.getByTestId('restore-problem');
  await expect(problem).toContainText('sample-class.csv: This file is not a ReadBy7 backup.');
  await expect(page.getByTestId('restore-preview')).toHaveCount(0);
  // The app has no "Pupils page": class lists are imported from Classes ("Import a class list").
  await expect(problem).not.toContainText('Pupils page');
  await expect(problem).toContainText(/Import a class list|Classes page/);
});

test("merging another tablet's backup adds nothing twice", async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await absent(page, 'Abdi, Ibrahim');
  const a = await backup(page);

  await addPupil(page, 'Nora', 'Newcome');
  await absent(page, 'Newcome, Nora');
  expect(await pupilCount(page)).toBe(30);
  await page.goto('/classes');
  const classes = 1;
  await expect(page.getByRole('list', { name: 'Classes' }).locator('li')).toHaveCount(classes);

  for (const round of [1, 2]) {
    await openRecords(page);
    await mergeInput(page).setInputFiles(asChosen(a));
    const preview = page.getByTestId('restore-preview');
    await expect(preview).toContainText(`${a.name}: merging adds it`);
    await expect(preview).toContainText(/Pupils: 0 added/);
    await expect(preview).toContainText(/Checks: 0 added/);
    await expect(preview).toContainText(/Classes: 0 added/);
    if (round === 1) await screenshot(page, 'records-merge-preview');
    await page.getByRole('button', { name: 'Merge into this tablet' }).click();
    await expect(page.getByTestId('restore-done')).toContainText('Merged.');
    await expect(page.getByTestId('restore-preview')).toHaveCount(0);

    await page.reload();
    expect(await pupilCount(page)).toBe(30);
    await expect(page.getByRole('list', { name: 'Classes' }).locator('li')).toHaveCount(classes);
    await openClass(page);
    await expect(page.locator('table.pupils tbody tr')).toHaveCount(30);
    await expect(page.locator('table.pupils tbody tr', { hasText: 'Abdi, Ibrahim' })).toHaveCount(1);
    await page.getByRole('link', { name: 'Abdi, Ibrahim' }).click();
    await expect(page.getByRole('row', { name: /Phonics screening practice/ })).toHaveCount(1);
  }
});

test("two tablets that imported the same class merge into one class with both tablets' checks", async ({ page, browser, baseURL }) => {
  // Tablet B: its own storage and device id, the same class list, a check on another pupil.
  const tabletB = await browser.newContext({ baseURL, locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 768, height: 1024 } });
  const b = await tabletB.newPage();
  const bErrors: string[] = [];
  b.on('console', (m) => { if (m.type() === 'error') bErrors.push(m.text()); });
  await b.goto('/');
  await appReady(b);
  await importSample(b);
  await absent(b, 'Cohen, Reuben');
  const fromB = await backup(b);
  await tabletB.close();
  expect(bErrors).toEqual([]);

  // Tablet A.
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await absent(page, 'Abdi, Ibrahim');
  await openRecords(page);
  await mergeInput(page).setInputFiles(asChosen(fromB));
  const preview = page.getByTestId('restore-preview');
  await expect(preview).toContainText('Classes: 0 added');
  await expect(preview).toContainText('Pupils: 0 added');
  await expect(preview).toContainText('Checks: 1 added');
  await screenshot(page, 'records-merge-two-tablets');
  await page.getByRole('button', { name: 'Merge into this tablet' }).click();
  await expect(page.getByTestId('restore-done')).toContainText('Merged.');

  await page.reload();
  expect(await pupilCount(page)).toBe(29);
  await expect(page.getByRole('list', { name: 'Classes' }).locator('li')).toHaveCount(1);
  for (const name of ['Cohen, Reuben', 'Abdi, Ibrahim']) {
    await openPupil(page, name);
    await expect(page.getByRole('row', { name: /Phonics screening practice/ })).toHaveCount(1);
  }
  // Once more: nothing new.
  await openRecords(page);
  await mergeInput(page).setInputFiles(asChosen(fromB));
  await expect(page.getByTestId('restore-preview')).toContainText('Checks: 0 added');
});

test('the backup reminder appears once there are results and goes after a backup', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await page.goto('/classes');
  await expect(page.getByRole('link', { name: /1H/ })).toBeVisible();
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);

  await absent(page, 'Abdi, Ibrahim');
  await page.goto('/classes');
  const reminder = page.getByTestId('backup-reminder');
  await expect(reminder).toBeVisible();
  await expect(reminder).toContainText('No backup has been made on this device yet');
  await screenshot(page, 'records-backup-reminder');
  await expectAccessible(page);
  await reminder.getByRole('link', { name: 'Back up now' }).click();
  await expect(page).toHaveURL(/\/records#backup$/);
  await download(page, () => button(page, 'Download backup').click());

  await page.goto('/classes');
  await expect(page.getByRole('link', { name: /1H/ })).toBeVisible();
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('link', { name: /1H/ })).toBeVisible();
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);

  // Eight days later it comes back, saying how long it has been.
  await page.clock.setSystemTime(Date.now() + 8 * 24 * 3600 * 1000 + 60_000);
  await page.reload();
  await expect(page.getByRole('link', { name: /1H/ })).toBeVisible();
  await expect(page.getByTestId('backup-reminder')).toContainText('The last backup was made 8 days ago.');
});

// ---------------------------------------------------------------------------------------------
// The parent report
// ---------------------------------------------------------------------------------------------

test('the parent report is plain sentences and offers all data held as JSON', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await screening(page, 'Abdi, Ibrahim', 10);

  await page.getByRole('link', { name: 'Back to Ibrahim Abdi' }).click();
  await page.getByRole('link', { name: 'Report for parents' }).click();
  await expect(page).toHaveURL(/\/report\//);
  const report = page.getByTestId('parent-report');
  await expect(report.getByRole('heading', { level: 1 })).toHaveText("Ibrahim Abdi's reading");
  await expect(report).toContainText('Ibrahim read 30 of the 40 words correctly in a practice phonics check.');
  await expect(report).toContainText('The expected standard is 32');
  await expect(report).toContainText('No timed reading yet.');
  await expect(report.getByRole('heading', { name: 'To practise at home' })).toBeVisible();
  await expect(report).toContainText(/Sounds to practise at home with Ibrahim: .+\./);
  // No codes or jargon a parent would have to look up.
  const text = (await report.textContent())!;
  expect(text).not.toMatch(/\bW[at]\b|\bGPC\b|\bUPN\b|threshold/);
  expect(text).not.toContain(samplePupil('Abdi').upn);
  await screenshot(page, 'records-parent-report');
  await expectAccessible(page);

  const json = await download(page, () => page.getByRole('button', { name: 'Download all data held (JSON)' }).click());
  expect(json.name).toBe(`readby7-pupil-abdi-${todayIso()}.json`);
  const data = JSON.parse(json.text);
  expect(json.text).toContain('Ibrahim');
  expect(json.text).toContain('Abdi');
  expect(JSON.stringify(data)).toContain(samplePupil('Abdi').upn);
});

test('the parent report of an absent pupil reads plainly', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await absent(page, 'Cohen, Reuben');
  await page.getByRole('link', { name: 'Back to Reuben Cohen' }).click();
  await page.getByRole('link', { name: 'Report for parents' }).click();
  const report = page.getByTestId('parent-report');
  await expect(report).toContainText(/Reuben did not take the practice phonics check on \d\d\/\d\d\/\d{4} \(absent\)\./);
  await screenshot(page, 'records-parent-report-absent');
});
