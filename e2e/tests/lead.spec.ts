import { test, expect, appReady, importSample, screenshot, expectAccessible, type Page } from './fixtures';

/** The headline figures for a scope, worked out here from the demo database's own records,
 * independently of the app's Rust: latest finished screening check with a mark in the summer
 * term of 2025/26, met at 32 or more, disadvantaged gap in points. */
async function expected(page: Page, yearGroup: string | null) {
  return page.evaluate(async (yearGroup) => {
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
    const inTerm = (iso: string) => iso.slice(0, 10) >= '2026-04-01' && iso.slice(0, 10) <= '2026-08-31';
    const latest = new Map<string, any>();
    for (const s of sessions) {
      if (s.kind !== 'Screening' || !inTerm(s.started_at)) continue;
      if (s.status !== 'Complete' && s.status !== 'StoppedEarly') continue;
      const have = latest.get(s.pupil_id);
      if (!have || have.started_at < s.started_at) latest.set(s.pupil_id, s);
    }
    const tally = { all: [0, 0], pp: [0, 0], other: [0, 0] };
    for (const p of pupils) {
      if (p.archived || (yearGroup && p.year_group !== yearGroup)) continue;
      const s = latest.get(p.id);
      if (!s) continue;
      const mark = s.responses.filter((r: string | null) => r && r !== 'Incorrect').length;
      const met = mark >= 32 ? 1 : 0;
      for (const key of ['all', p.disadvantaged ? 'pp' : 'other'] as const) {
        tally[key][0] += met;
        tally[key][1] += 1;
      }
    }
    const share = ([m, n]: number[]) => (100 * m) / n;
    return { met: Math.round(share(tally.all)), of: tally.all[1], gap: Math.round(share(tally.other) - share(tally.pp)) };
  }, yearGroup);
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
  await expect(page.getByTestId('headline-gap')).toContainText(`${school.gap} points`);
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
  await expect(page.getByTestId('headline-gap')).toContainText(`${year1.gap} points`);

  // The print layout: no navigation or controls, the charts and tables on the page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.locator('.lead-controls')).toBeHidden();
  await screenshot(page, 'lead-print');
  await page.emulateMedia({ media: 'screen' });

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
