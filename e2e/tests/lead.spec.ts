import { test, expect, appReady, importSample, screenshot, expectAccessible, type Page } from './fixtures';

/** A term of the demo school's year, first and last day (the default term dates: autumn
 * 1 September–31 December, spring 1 January–31 March, summer 1 April–31 August). */
type Term = { from: string; to: string };
const autumn2025: Term = { from: '2025-09-01', to: '2025-12-31' };
const spring2025: Term = { from: '2026-01-01', to: '2026-03-31' };
const summer2025: Term = { from: '2026-04-01', to: '2026-08-31' };

/** The headline figures for a scope, worked out here from the demo database's own records,
 * independently of the app's Rust: latest finished screening check with a mark in the term
 * (the summer term of 2025/26 unless another is given), met at 32 or more, disadvantaged gap
 * in points; and how many pupils have a finished fluency reading in the term. */
async function expected(page: Page, yearGroup: string | null, term: Term = summer2025) {
  return page.evaluate(async ([yearGroup, term]) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('readby7-demo');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = (store: string): Promise<any[]> =>
      new Promise((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const [pupils, sessions] = [await all('pupils'), await all('sessions')];
    db.close();
    const inTerm = (iso: string) => iso.slice(0, 10) >= term.from && iso.slice(0, 10) <= term.to;
    const latest = new Map<string, any>();
    for (const s of sessions) {
      if (s.kind !== 'Screening' || !inTerm(s.started_at)) continue;
      if (s.status !== 'Complete' && s.status !== 'StoppedEarly') continue;
      const have = latest.get(s.pupil_id);
      if (!have || have.started_at < s.started_at) latest.set(s.pupil_id, s);
    }
    const tally = { all: [0, 0], pp: [0, 0], other: [0, 0], eal: [0, 0], notEal: [0, 0], boys: [0, 0], girls: [0, 0] };
    for (const p of pupils) {
      if (p.archived || (yearGroup && p.year_group !== yearGroup)) continue;
      const s = latest.get(p.id);
      if (!s) continue;
      const mark = s.responses.filter((r: string | null) => r && r !== 'Incorrect').length;
      const met = mark >= 32 ? 1 : 0;
      const sex = p.gender === 'Male' ? ['boys'] : p.gender === 'Female' ? ['girls'] : [];
      for (const key of ['all', p.disadvantaged ? 'pp' : 'other', p.eal ? 'eal' : 'notEal', ...sex] as (keyof typeof tally)[]) {
        tally[key][0] += met;
        tally[key][1] += 1;
      }
    }
    const share = ([m, n]: number[]) => (100 * m) / n;
    const read = new Set<string>();
    const inScope = new Set(pupils.filter((p) => !p.archived && (!yearGroup || p.year_group === yearGroup)).map((p) => p.id));
    for (const s of sessions) {
      if (s.kind !== 'Fluency' || !inTerm(s.started_at) || !inScope.has(s.pupil_id)) continue;
      if (s.status === 'Complete' || s.status === 'StoppedEarly') read.add(s.pupil_id);
    }
    return {
      met: Math.round(share(tally.all)),
      of: tally.all[1],
      gap: Math.round(share(tally.other) - share(tally.pp)),
      // Each group's share minus the rest's, in whole points (negative: behind).
      eal: Math.round(share(tally.eal) - share(tally.notEal)),
      boys: Math.round(share(tally.boys) - share(tally.girls)),
      readings: read.size,
    };
  }, [yearGroup, term] as const);
}

/** The lead view on the demo school at 1024×768, its figures painted. */
async function openDemoLead(page: Page) {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/progress');
  await appReady(page);
  await page.getByTestId('enter-demo').click();
  await expect(page.getByTestId('headline-met')).toBeVisible({ timeout: 30_000 });
}

/** How the app words a group's share minus the rest's, in whole points. */
function differenceWords(points: number) {
  if (points === 0) return 'level with the others';
  const n = Math.abs(points);
  return `${n} ${n === 1 ? 'point' : 'points'} ${points < 0 ? 'behind' : 'ahead of'} the others`;
}

test('the demo school shows the headline figures its records give, by scope; real data is untouched', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await page.goto('/progress');
  await appReady(page);
  await page.getByTestId('enter-demo').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await expect(page.getByTestId('headline-met')).toBeVisible({ timeout: 30_000 });

  const school = await expected(page, null);
  expect(school.of).toBeGreaterThan(300);
  await expect(page.getByTestId('headline-met')).toContainText(`${school.met}%`);
  await expect(page.getByTestId('headline-met')).toContainText(`of ${school.of} with a mark`);
  await expect(page.getByTestId('headline-gap')).toContainText(differenceWords(-school.gap));
  expect(school.gap).toBeGreaterThan(5);
  await expect(page.getByTestId('heatmap')).toBeVisible();
  await expect(page.getByTestId('trend-table').locator('tbody tr')).toHaveCount(3);
  await screenshot(page, 'lead-whole-school');
  await expectAccessible(page);

  // Year 1 only: the figures change to Year 1's.
  await page.getByLabel('Who').selectOption({ label: 'Year 1' });
  const year1 = await expected(page, 'Year1');
  expect(year1.of).toBeLessThan(school.of);
  await expect(page.getByTestId('headline-met')).toContainText(`${year1.met}%`);
  await expect(page.getByTestId('headline-met')).toContainText(`of ${year1.of} with a mark`);
  await expect(page.getByTestId('headline-gap')).toContainText(differenceWords(-year1.gap));

  // The print layout: no navigation or controls, the charts and tables on the page, and the
  // tables folded away on screen printed in full (paper cannot be tapped open).
  const marksTable = page.locator('details', { hasText: 'Marks as a table' }).locator('table');
  await expect(marksTable).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.locator('.lead-controls')).toBeHidden();
  await expect(marksTable).toBeVisible();
  await expect(page.getByTestId('not-on-track')).toBeVisible();
  await screenshot(page, 'lead-print');
  await page.emulateMedia({ media: 'screen' });
  // Browsers without ::details-content: the page opens the folded tables when printing starts.
  await expect(marksTable).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(marksTable).toBeVisible();

  // Leaving demo mode brings back the real class, and no demo class leaks into it.
  await page.getByRole('button', { name: 'Leave demo mode' }).click();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await page.goto('/classes');
  await appReady(page);
  await expect(page.getByRole('link', { name: /1H/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /^(Reception|Year 1|Year 2) / })).toHaveCount(0);
});

test('a reload stays in demo mode; a new tab opens the real data', async ({ page, context }) => {
  await page.goto('/progress');
  await appReady(page);
  await page.getByTestId('enter-demo').click();
  await expect(page.getByTestId('headline-met')).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await appReady(page);
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  const other = await context.newPage();
  await other.goto('/progress');
  await appReady(other);
  await expect(other.getByTestId('demo-banner')).toHaveCount(0);
});

test('the lead chooses a term, then an academic year: figures, caption and charts follow; a year without checks says so', async ({ page }) => {
  await openDemoLead(page);
  const term = page.getByLabel('Term', { exact: true });
  const year = page.getByLabel('Academic year', { exact: true });
  const caption = page.locator('p.print-only');
  const met = page.getByTestId('headline-met');
  const fluency = page.getByTestId('headline-fluency');
  const trendRows = page.getByTestId('trend-table').locator('tbody tr');
  const markRows = page.locator('details', { hasText: 'Marks as a table' }).locator('tbody tr');

  // The demo school's checks are all in 2025/26; today is past it, so the view opens on its summer.
  await expect(year.locator('option:checked')).toHaveText('2025/26');
  await expect(term.locator('option:checked')).toHaveText('Summer 2025/26');
  await expect(caption).toHaveText('Summer 2025/26 · Whole school');
  const summer = await expected(page, null, summer2025);
  await expect(met).toContainText(`${summer.met}%`);
  const summerReteach = await page.getByTestId('reteach').textContent();

  // Autumn: the first check of the year, so fewer pupils meet the standard than in summer.
  await term.selectOption({ label: 'Autumn 2025/26' });
  await expect(caption).toHaveText('Autumn 2025/26 · Whole school');
  const autumn = await expected(page, null, autumn2025);
  expect(autumn.of).toBeGreaterThan(300);
  expect(autumn.met).toBeLessThan(summer.met);
  await expect(met).toContainText(`${autumn.met}%`);
  await expect(met).toContainText(`of ${autumn.of} with a mark`);
  await expect(page.getByTestId('headline-gap')).toContainText(differenceWords(-autumn.gap));
  await expect(fluency).toContainText(`(${autumn.readings} readings)`);
  // The marks chart and its table are the autumn marks: one pupil per mark counted once.
  const perMark = (await markRows.locator('td:nth-child(2)').allTextContents()).map(Number);
  expect(perMark.reduce((a, b) => a + b, 0)).toBe(autumn.of);
  await expect(page.locator('svg.chart rect.bar')).toHaveCount(perMark.length);
  await expect(page.getByTestId('reteach')).not.toHaveText(summerReteach!);
  // The trend is the whole year whichever term is chosen, one row per term with that term's share.
  const spring = await expected(page, null, spring2025);
  await expect(trendRows).toHaveCount(3);
  await expect(trendRows.locator('th')).toHaveText(['Autumn 2025/26', 'Spring 2025/26', 'Summer 2025/26']);
  await expect(trendRows.locator('td:nth-child(2)')).toHaveText([`${autumn.met}%`, `${spring.met}%`, `${summer.met}%`]);
  await screenshot(page, 'lead-autumn-2025');
  // On paper the caption names the window, since the selects are not printed.
  await page.emulateMedia({ media: 'print' });
  await expect(caption).toBeVisible();
  await expect(term).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // Another academic year: the terms are that year's, and the view opens on its summer.
  await year.selectOption({ label: '2024/25' });
  await expect(term.locator('option')).toHaveText(['Autumn 2024/25', 'Spring 2024/25', 'Summer 2024/25']);
  await expect(term.locator('option:checked')).toHaveText('Summer 2024/25');
  await expect(caption).toHaveText('Summer 2024/25 · Whole school');
  // No check was made that year: nothing is invented, and it reads plainly.
  await expect(met).toContainText('–');
  await expect(met).toContainText('(0 of 0 with a mark)');
  await expect(fluency).toContainText('(0 readings)');
  await expect(page.getByText('No screening items marked in this term.')).toBeVisible();
  await expect(page.getByText('No fluency readings in this term.')).toBeVisible();
  await expect(trendRows.locator('th')).toHaveText(['Autumn 2024/25', 'Spring 2024/25', 'Summer 2024/25']);
  await expect(trendRows.locator('td:nth-child(2)')).toHaveText(['–', '–', '–']);
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/NaN|undefined|Infinity/);
  await screenshot(page, 'lead-year-without-checks');

  // Back to 2025/26: its figures return.
  await year.selectOption({ label: '2025/26' });
  await expect(caption).toHaveText('Summer 2025/26 · Whole school');
  await expect(met).toContainText(`${summer.met}%`);
  await expect(met).toContainText(`of ${summer.of} with a mark`);
  await expect(fluency).toContainText(`(${summer.readings} readings)`);
});

// A term with no checks must not draw empty axes or call an empty group "too small".
test('a year without checks draws no empty chart and no "n too small" gap', async ({ page }) => {
  await openDemoLead(page);
  await page.getByLabel('Academic year', { exact: true }).selectOption({ label: '2024/25' });
  await expect(page.locator('p.print-only')).toHaveText('Summer 2024/25 · Whole school');
  await expect(page.getByTestId('headline-met')).toContainText('(0 of 0 with a mark)');
  await expect(page.getByTestId('headline-gap')).toContainText('no screening marks in this term');
  await expect(page.getByTestId('headline-gap')).not.toContainText('n too small');
  await expect(page.getByTestId('no-screening')).toBeVisible();
  await expect(page.getByTestId('no-trend')).toBeVisible();
  await expect(page.getByTestId('group-splits')).toHaveCount(0);
  await expect(page.getByTestId('not-on-track')).toHaveCount(0);
  await expect(page.locator('svg.chart'), 'empty marks and trend charts').toHaveCount(0);
});

test('a difference says which way it goes: disadvantaged pupils behind, EAL pupils ahead; counts read as English', async ({ page }) => {
  await openDemoLead(page);
  const summer = await expected(page, null, summer2025);
  // The demo school has both directions: the disadvantaged gap, and EAL pupils ahead.
  expect(summer.gap).toBeGreaterThan(1);
  expect(summer.eal).toBeGreaterThan(0);
  const behind = differenceWords(-summer.gap);
  const ahead = differenceWords(summer.eal);
  expect(behind).toMatch(/^\d+ points behind the others$/);
  expect(ahead).toMatch(/ahead of the others$/);

  // One rule, three places: the headline, the group table and the trend.
  await expect(page.getByTestId('headline-gap').locator('.number')).toHaveText(behind);
  const row = (name: string) => page.getByTestId('group-splits').getByRole('row', { name: new RegExp(`^${name}`) });
  await expect(row('Disadvantaged / Not disadvantaged').locator('td').last()).toHaveText(behind);
  await expect(row('EAL / Not EAL').locator('td').last()).toHaveText(ahead);
  await expect(row('Boys / Girls').locator('td').last()).toHaveText(differenceWords(summer.boys));
  const summerTrend = page.getByTestId('trend-table').getByRole('row', { name: /^Summer 2025\/26/ });
  await expect(summerTrend.locator('td').nth(1)).toHaveText(behind);
  // No signed number a lead could read the wrong way.
  await expect(page.getByTestId('group-splits')).not.toContainText('+');

  // The histogram has a count axis: 0, half and the tallest bar's count.
  const markRows = page.locator('details', { hasText: 'Marks as a table' }).locator('tbody tr');
  const perMark = (await markRows.locator('td:nth-child(2)').allTextContents()).map(Number);
  const top = Math.max(...perMark);
  await expect(page.locator('svg.chart text.count-tick')).toHaveText(['0', String(Math.floor(top / 2)), String(top)]);

  // Counting words everywhere in the view: never "1 pupils" or "1 readings".
  await page.getByLabel('Who').selectOption({ index: 4 }); // the first class: small groups
  await expect(page.locator('p.print-only')).not.toHaveText('Summer 2025/26 · Whole school');
  for (const scope of [0, 4]) {
    await page.getByLabel('Who').selectOption({ index: scope });
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\b1 (pupils|readings|points)\b/);
  }
  await page.getByLabel('Who').selectOption({ index: 4 });
  await screenshot(page, 'lead-difference-words');
});
