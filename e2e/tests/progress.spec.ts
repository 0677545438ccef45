import { test, expect, appReady, importSample, screenshot, expectAccessible, storedResponses, type Page } from './fixtures';

async function openPupil(page: Page, listName: string) {
  await page.goto('/classes');
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: listName }).click();
}

/** Starts a progress check of `kind` covering `scope` (the option's visible text). */
async function startCheck(page: Page, kind: RegExp, scope: string) {
  await page.getByRole('link', { name: 'Start progress check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Progress check for/ })).toBeVisible();
  await page.getByRole('radio', { name: kind }).check();
  await page.getByLabel('What it covers').selectOption({ label: scope });
  await page.getByRole('button', { name: 'Start the check' }).click();
  await expect(page).toHaveURL(/\/check\/progress\//);
}

/** Marks every remaining item with the button `choose(text)` names, until the results show. */
async function markAll(page: Page, choose: (text: string) => RegExp) {
  // The position reads "… Item X of N · M marked"; it is read without waiting, as the runner
  // leaves the screen once the last mark is saved.
  const position = () =>
    page.evaluate(() => document.querySelector('[data-testid=check-position]')?.textContent ?? null);
  for (let guard = 0; guard < 60; guard++) {
    await page.waitForFunction(
      () => location.pathname.startsWith('/results/') || document.querySelector('[data-testid=item]') !== null,
    );
    const before = await position();
    const counts = before?.match(/of (\d+) · (\d+) marked/);
    // Every item marked: the last item stays on screen until the save lands and the results
    // open, so wait for the results rather than read an item that is about to go.
    if (before === null || (counts && counts[1] === counts[2])) {
      await expect(page).toHaveURL(/\/results\//);
      return;
    }
    const text = (await page.getByTestId('item').textContent()) ?? '';
    await page.getByRole('group', { name: 'Mark this item' }).getByRole('button', { name: choose(text) }).click();
    await expect.poll(position).not.toBe(before);
  }
  throw new Error('the check did not finish');
}

const cell = (page: Page, gpc: string) => page.getByTestId('gpc-grid').locator(`button[data-gpc="${gpc}"]`);

test('GPC checks build the profile and move teach-next; the class sees its gaps and groups', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await openPupil(page, 'Abdi, Ibrahim');
  await expect(page.getByTestId('pupil-teach-next')).toContainText('No checks yet');
  await expect(cell(page, 'm')).toHaveAttribute('data-status', 'not-checked');

  // First GPC check of phase 2: every sound right but m and ck.
  await startCheck(page, /GPC check/, 'Phase 2');
  await expect(page.getByTestId('check-position')).toContainText('GPC check · Phase 2 · Item 1 of');
  await expect(page.getByTestId('item')).toHaveText('s');
  await screenshot(page, 'progress-gpc-768x1024');
  await expectAccessible(page);
  await markAll(page, (t) => (t === 'm' || t === 'ck' ? /^Not yet:/ : /^Correct:/));
  await expect(page.getByTestId('outcome')).toContainText('correct');
  const total = Number((await page.getByTestId('mark').textContent())!.split('/')[1]);
  await expect(page.getByTestId('mark')).toHaveText(`${total - 2} / ${total}`);
  await expect(page.getByText('Not yet: m, ck')).toBeVisible();

  await page.getByRole('link', { name: 'See the sound profile' }).click();
  await expect(cell(page, 'm')).toHaveAttribute('data-status', 'not-yet');
  await expect(cell(page, 'm')).toContainText('✗');
  await expect(cell(page, 's')).toHaveAttribute('data-status', 'emerging');
  // Never read right comes before read right once: m then ck, ahead of the emerging s, a, t...
  const next = page.getByTestId('pupil-teach-next').locator('li .grapheme');
  await expect(next.nth(0)).toHaveText('m');
  await expect(next.nth(1)).toHaveText('ck');
  await expect(next.nth(2)).toHaveText('s');
  await screenshot(page, 'progress-profile');
  await expectAccessible(page);

  // A second check, all right: s becomes secure, m emerging; teach-next still starts at m.
  await startCheck(page, /GPC check/, 'Phase 2');
  await markAll(page, () => /^Correct:/);
  await page.getByRole('link', { name: 'See the sound profile' }).click();
  await expect(cell(page, 's')).toHaveAttribute('data-status', 'secure');
  await expect(cell(page, 'm')).toHaveAttribute('data-status', 'emerging');
  await expect(cell(page, 'ck')).toHaveAttribute('data-status', 'emerging');
  // Tablets have no hover: a tap opens a cell's evidence, a second tap closes it.
  await cell(page, 'm').click();
  await expect(cell(page, 'm')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('gpc-evidence')).toContainText(/m .*: Emerging \(.*(right|wrong)/);
  await cell(page, 'm').click();
  await expect(cell(page, 'm')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('gpc-evidence')).toHaveText('');
  // Everything else in phase 2 is now secure: m and ck lead, then the next new sounds.
  await expect(next.nth(0)).toHaveText('m');
  await expect(next.nth(1)).toHaveText('ck');
  await expect(next.nth(2)).toHaveText('j');

  // The class page shows what the class lacks and a keep-up group with Ibrahim in it.
  await page.getByRole('link', { name: 'Back to 1H' }).click();
  await expect(page.getByTestId('class-teach-next')).toContainText('m');
  await expect(page.getByTestId('keep-up-groups')).toContainText('Ibrahim Abdi');
});

test('word reading records blended and automatic reads, resumes after a reload, and tricky words run too', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await openPupil(page, 'Begum, Aisha');
  await startCheck(page, /Word reading/, 'Phase 3');
  await expect(page.getByTestId('check-position')).toContainText('Word reading · Phase 3 · Item 1 of 10');
  // Three marks by keyboard: A (at once), B (blended), X (not yet).
  for (const key of ['a', 'b', 'x']) {
    const before = await page.getByTestId('check-position').textContent();
    await page.keyboard.press(key);
    await expect(page.getByTestId('check-position')).not.toHaveText(before!);
  }
  await expect(page.getByTestId('check-position')).toContainText('Item 4 of 10 · 3 marked');
  await expect.poll(() => storedResponses(page)).toBe(3);
  await page.reload();
  // The check screen hides the app's navigation, so wait for the check itself.
  await expect(page.getByText('Resumed at item 4. Marks 1–3 are kept.')).toBeVisible();
  await page.getByRole('button', { name: '← Back' }).click();
  await expect(page.getByRole('button', { name: /^Not yet:/ })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Skip →' }).click();
  await screenshot(page, 'progress-word-reading');
  await markAll(page, () => /^Read at once:/);
  await expect(page.getByTestId('mark')).toHaveText('9 / 10');
  await expect(page.getByTestId('outcome')).toHaveText('9 of 10 correct (8 read at once, 1 by blending).');

  await page.getByRole('link', { name: /Back to Aisha Begum/ }).click();
  await startCheck(page, /Tricky words/, 'Phase 2');
  await expect(page.getByTestId('check-position')).toContainText('Tricky words · Phase 2');
  await markAll(page, () => /^Correct:/);
  await expect(page.getByTestId('outcome')).toContainText('correct');
  await page.getByRole('link', { name: /Back to Aisha Begum/ }).click();
  await expect(page.getByRole('row', { name: /Word reading: Phase 3 9 \/ 10 correct/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Tricky words: Phase 2/ })).toBeVisible();
});

test('the programme chosen in Settings sets the order of a taught-so-far check', async ({ page }) => {
  await page.goto('/settings');
  await appReady(page);
  await page.getByLabel(/Phonics programme/).selectOption({ label: 'Little Wandle Letters and Sounds Revised' });
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await importSample(page);
  await openPupil(page, 'Abdi, Ibrahim');
  await page.getByRole('link', { name: 'Start progress check' }).click();
  await expect(page.getByText(/Following Little Wandle/)).toBeVisible();
  await page.getByRole('radio', { name: /GPC check/ }).check();
  // The second option group lists the programme's units; take its third.
  const units = page.getByLabel('What it covers').locator('optgroup').nth(1).locator('option');
  expect(await units.count()).toBeGreaterThan(5);
  const third = (await units.nth(2).textContent())!;
  await page.getByLabel('What it covers').selectOption({ label: third });
  await page.getByRole('button', { name: 'Start the check' }).click();
  await expect(page.getByTestId('check-position')).toContainText('Taught so far: Little Wandle');
  await expect(page.getByTestId('item')).toHaveText('s');
});

test('a progress check stopped early keeps its marks, and an absent pupil gets no result', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await openPupil(page, 'Abdi, Ibrahim');
  await startCheck(page, /Tricky words/, 'Phase 2');
  for (const key of ['c', 'x']) {
    const before = await page.getByTestId('check-position').textContent();
    await page.keyboard.press(key);
    await expect(page.getByTestId('check-position')).not.toHaveText(before!);
  }
  await page.getByRole('button', { name: 'Stop…' }).click();
  await page.getByRole('button', { name: 'Stop early: keep the items marked so far' }).click();
  await expect(page).toHaveURL(/\/results\//);
  await expect(page.getByTestId('outcome')).toHaveText(/^1 of \d+ correct\. Stopped early after 2 items\.$/);

  await page.getByRole('link', { name: 'Back to Ibrahim Abdi' }).click();
  await startCheck(page, /GPC check/, 'Phase 3');
  await page.getByRole('button', { name: 'Stop…' }).click();
  await page.getByRole('button', { name: 'Absent: record no result' }).click();
  await expect(page.getByTestId('mark')).toHaveText('No result');
  await expect(page.getByTestId('outcome')).toHaveText('Recorded as absent (A).');
  await page.getByRole('link', { name: 'Back to Ibrahim Abdi' }).click();
  await expect(page.getByRole('row', { name: /GPC check: Phase 3 Absent/ })).toBeVisible();
});
