// The borough's view (issue 19): a school made through the UI exports its summary (no
// personal data in it), the borough view loads it with two more and shows the figures this
// test computes from the files, sorts, prints and downloads a CSV; and the demo borough.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect, appReady, importSample, markAndStopEarly, screenshot, expectAccessible, sampleClass, type Page } from './fixtures';

type Saved = { name: string; text: string };

async function download(page: Page, click: () => Promise<unknown>): Promise<Saved> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** The sample class as the MIS wrote it: every personal value that must never leave. */
const samplePeople = readFileSync(sampleClass, 'utf8')
  .replace(/^\uFEFF/, '')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.includes(','))
  .map((l) => {
    const [upn, surname, forename, dob] = l.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return { upn, surname, forename, dob, iso: dob.split('/').reverse().join('-') };
  });

async function setSchool(page: Page) {
  await page.goto('/settings');
  await appReady(page);
  await page.getByLabel('School name').fill('Kiln Lane Primary');
  await page.getByLabel('Local authority number').fill('202');
  await page.getByLabel('URN', { exact: true }).fill('123456');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
}

/** A practice check stopped early after `marked` words read right: the mark is `marked`. */
async function check(page: Page, listName: string, marked: number) {
  await page.goto('/classes');
  await appReady(page);
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: listName }).click();
  await page.getByRole('button', { name: 'Start screening check' }).click();
  await markAndStopEarly(page, marked);
}

// ---- Reading a summary file the way the borough's view does ----------------------------
type Cell = number | 'suppressed';
type Table = { columns: string[]; rows: { row: string; counts: Cell[] }[] };
type Summary = any;

const table = (s: Summary, yearGroup: string, term: string, measure: string): Table =>
  s.year_groups.find((y: any) => y.year_group === yearGroup).terms.find((t: any) => t.term === term)[measure];

/** [count in the first column, total] when every column of the row is published. */
function share(t: Table, row: string): [number, number] | null {
  const counts = t.rows.find((r) => r.row === row)!.counts;
  if (counts.some((c) => c === 'suppressed')) return null;
  const n = counts as number[];
  return [n[0], n.reduce((a, b) => a + b, 0)];
}

function pooled(shares: ([number, number] | null)[]): [number, number] {
  return shares.filter((s): s is [number, number] => s !== null).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
}

/** Whole percent, halves up, as the app rounds. */
const pct = ([c, of]: [number, number]) => Math.floor((200 * c + of) / (2 * of));

/** Seals an edited summary with its checksum: SHA-256 of the compact JSON without it. */
function seal(s: Summary): string {
  const { checksum: _, ...rest } = s;
  const sum = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
  return JSON.stringify({ ...rest, checksum: sum }, null, 2);
}

function setRow(t: Table, row: string, counts: Cell[]) {
  t.rows.find((r) => r.row === row)!.counts = counts;
}

/** Another school, made from the first school's file: its identity and Year 1 screening. */
function otherSchool(base: Summary, name: string, urn: string, term: string, rows: Record<string, Cell[]>): Summary {
  const s = JSON.parse(JSON.stringify(base));
  s.school = { name, urn, la_number: '202' };
  const t = table(s, 'Year1', term, 'screening');
  for (const [row, counts] of Object.entries(rows)) setRow(t, row, counts);
  return s;
}

const asFile = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('a school exports its summary (counts only); the borough view loads it with two more and shows the figures', async ({ page }) => {
  test.setTimeout(240_000);
  await importSample(page);
  await setSchool(page);
  // Five pupils meet the standard (32 of 40), five do not (0 of 40).
  const met = ['Okafor, Amara', "O'Neill, Zoë", 'Nowak, Łukasz', 'Rahman, Mohammed', 'Begum, Aisha'];
  const notMet = ['Murphy, Oisín', 'Chen, Wei', 'Hussain, Fatima', 'Mensah, Kwame', 'Rossi, Sofia'];
  for (const name of met) await check(page, name, 32);
  for (const name of notMet) await check(page, name, 0);

  await page.goto('/progress');
  await appReady(page);
  await page.getByRole('button', { name: 'Export the school summary' }).click();
  const preview = page.getByTestId('summary-preview');
  await expect(preview).toContainText('Kiln Lane Primary · URN 123456 · LA 202');
  // The preview shows exactly the counts that leave: all pupils 5 met, 5 not yet.
  const allRow = preview.locator('table').first().locator('tbody tr').first();
  await expect(allRow.locator('th')).toHaveText('All pupils');
  await expect(allRow.locator('td').nth(1)).toHaveText('5');
  await expect(allRow.locator('td').nth(2)).toHaveText('5');
  await expect(preview.getByText('suppressed').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'borough-export-preview');
  const file = await download(page, () => page.getByRole('button', { name: 'Download the summary file' }).click());
  expect(file.name).toMatch(/^readby7-school-summary-123456-\d{4}-\d{2}-\d{2}\.json$/);
  await expect(page.getByTestId('summary-message')).toContainText(`Saved ${file.name}`);

  // No personal data: no name, UPN or date of birth of any pupil, and no pupil-level field.
  const lower = file.text.toLowerCase();
  for (const p of samplePeople) {
    for (const value of [p.upn, p.surname, p.forename, p.dob, p.iso]) {
      if (value && value.length > 2) expect(lower, value).not.toContain(value.toLowerCase());
    }
  }
  for (const field of ['upn', 'surname', 'forename', 'date_of_birth', 'pupil_id', 'mark"']) expect(lower).not.toContain(field);
  const a: Summary = JSON.parse(file.text);
  expect(a.format).toBe('readby7-school-summary');
  expect(a.school).toEqual({ name: 'Kiln Lane Primary', urn: '123456', la_number: '202' });
  expect(a.checksum).toMatch(/^[0-9a-f]{64}$/);
  // Every published count is at least 5.
  const tables: Table[] = a.year_groups.flatMap((y: any) => [y.pupils, ...y.terms.flatMap((t: any) => [t.screening, t.on_track, t.fluency])]);
  const counts = tables.flatMap((t) => t.rows.flatMap((r) => r.counts));
  expect(counts.length).toBeGreaterThan(100);
  expect(counts.every((n) => n === 'suppressed' || (Number.isInteger(n) && n >= 5)), JSON.stringify(counts)).toBe(true);
  const term = a.year_groups[0].terms.at(-1).term as string;
  const aScreening = table(a, 'Year1', term, 'screening');
  expect(share(aScreening, 'all')).toEqual([5, 10]);

  // Two more schools.
  const b = otherSchool(a, 'Alder Green Primary', '100002', term, {
    all: [40, 10], disadvantaged: [10, 5], not_disadvantaged: [30, 5],
  });
  const c = otherSchool(a, 'Mill Street Primary', '100003', term, {
    all: [20, 20], disadvantaged: [6, 8], not_disadvantaged: [14, 12],
  });
  const schools = [a, b, c];
  const screening = schools.map((s) => table(s, 'Year1', term, 'screening'));
  const expectMet = pct(pooled(screening.map((t) => share(t, 'all'))));
  const disPairs = screening.map((t) => [share(t, 'disadvantaged'), share(t, 'not_disadvantaged')] as const).filter(([d, o]) => d && o);
  const dis = pooled(disPairs.map(([d]) => d));
  const others = pooled(disPairs.map(([, o]) => o));
  const gap = Math.round((100 * others[0]) / others[1] - (100 * dis[0]) / dis[1]);
  const onTrack = pct(pooled(schools.map((s) => share(table(s, 'Year1', term, 'on_track'), 'all'))));
  expect(expectMet).toBe(65);

  await page.getByRole('link', { name: 'Open the borough view' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Borough view' })).toBeVisible();
  // A wrong file is refused by name; an edited one by its checksum.
  const tampered = JSON.parse(file.text);
  tampered.school.name = 'Edited';
  await page.getByLabel('School summary files').setInputFiles([
    asFile('sample-class.csv', readFileSync(sampleClass, 'utf8')),
    asFile('edited.json', JSON.stringify(tampered)),
  ]);
  await expect(page.getByTestId('borough-problems')).toContainText('sample-class.csv: this is not a ReadBy7 school summary');
  await expect(page.getByTestId('borough-problems')).toContainText('edited.json: its check number (checksum) does not match');
  await expect(page.getByTestId('borough-empty')).toBeVisible();

  await page.getByLabel('School summary files').setInputFiles([
    asFile(file.name, file.text),
    asFile('b.json', seal(b)),
    asFile('c.json', seal(c)),
  ]);
  await expect(page.getByTestId('borough-status')).toContainText('Loaded 3 summaries');
  await expect(page.getByTestId('borough-met')).toContainText(`${expectMet}%`);
  await expect(page.getByTestId('borough-met')).toContainText(`65 of 100 pupils`);
  await expect(page.getByTestId('borough-disadvantaged')).toContainText(`${pct(dis)}%`);
  await expect(page.getByTestId('borough-gap')).toContainText(`${gap} points`);
  await expect(page.getByTestId('borough-on-track')).toContainText(`${onTrack}%`);
  await expect(page.getByTestId('national')).toContainText('80%');
  await expect(page.getByTestId('national')).toContainText('Phonics screening check attainment, 2024/25');

  // One row per school, sorted by name; sortable by any column, announced by aria-sort.
  const rows = page.getByTestId('borough-schools').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.locator('th')).toHaveText([/^Alder Green Primary/, /^Kiln Lane Primary/, /^Mill Street Primary/]);
  await expect(rows.nth(1).locator('td').nth(1)).toHaveText('50%');
  const metHeader = page.getByTestId('borough-schools').getByRole('columnheader', { name: /Met the standard/ });
  await metHeader.getByRole('button').click();
  await expect(metHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.locator('th')).toHaveText([/^Alder Green/, /^Kiln Lane/, /^Mill Street/]);
  await metHeader.getByRole('button').press('Enter');
  await expect(metHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.locator('th')).toHaveText([/^Kiln Lane/, /^Mill Street/, /^Alder Green/]);
  // Suppressed cells read as suppressed, never as 0.
  if (share(aScreening, 'disadvantaged') === null) {
    await expect(rows.filter({ hasText: 'Kiln Lane' }).locator('td').nth(2)).toHaveText('suppressed');
  }
  await expectAccessible(page);
  await screenshot(page, 'borough-three-schools');

  const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
  const lines = csv.text.trim().split(/\r?\n/);
  expect(lines[0]).toContain('School,URN,LA,Period,Pupils,Met the standard %');
  expect(lines).toHaveLength(5);
  expect(lines.find((l) => l.startsWith('Kiln Lane'))).toContain(',50%,5,10,');
  expect(lines.at(-1)).toMatch(/^All 3 schools,/);
  expect(lines.at(-1)).toContain(`,${expectMet}%,65,100,`);

  // Print: the controls go, the figures and tables stay on an A4 page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByLabel('School summary files')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download CSV' })).toBeHidden();
  await expect(page.getByTestId('borough-met')).toBeVisible();
  await expect(page.getByTestId('borough-schools')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'borough-print');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.length).toBeGreaterThan(1000);
});

test('the demo borough: 40 fictional schools, national figures, trend and schools to learn from', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/borough');
  await appReady(page);
  await expect(page.getByTestId('borough-empty')).toBeVisible();
  await page.getByTestId('demo-borough').click();
  await expect(page.getByTestId('borough-status')).toHaveText('Demo borough: 40 fictional schools.', { timeout: 60_000 });
  await expect(page.getByTestId('demo-borough-banner')).toBeVisible();
  const rows = page.getByTestId('borough-schools').locator('tbody tr');
  await expect(rows).toHaveCount(40);
  const names = await rows.locator('th').allTextContents();
  expect([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()))).toEqual(names);
  expect(names.every((n) => n.includes('(demo)'))).toBe(true);
  // The demo year's latest term; the borough's share and gap are realistic.
  await expect(page.getByLabel('Term')).toHaveValue('Summer');
  const met = Number((await page.getByTestId('borough-met').locator('.number').textContent())!.replace('%', ''));
  expect(met).toBeGreaterThanOrEqual(70);
  expect(met).toBeLessThanOrEqual(90);
  await expect(page.getByTestId('borough-gap').locator('.number')).toHaveText(/^(\d+ points? (behind|ahead of) the others|level with the others)$/);
  await expect(page.getByTestId('borough-trend').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('narrowed').locator('li')).toHaveCount(5);
  await expect(page.getByTestId('national')).toContainText('90%');
  // Year 2 (retakes) and an earlier term.
  await page.getByLabel('Year group').selectOption('Year 2');
  await expect(page.getByTestId('borough-met')).toContainText('Year 2, retakes included');
  await page.getByLabel('Term').selectOption('Autumn');
  await expect(page.getByTestId('narrowed-none')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'borough-demo');
});
