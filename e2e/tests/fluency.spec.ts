import { test, expect, appReady, importSample, installOffline, screenshot, expectAccessible, storedSessions, type Page } from './fixtures';
import type { BrowserContext } from '@playwright/test';

async function openPupil(page: Page, listName: string) {
  await page.goto('/classes');
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: listName }).click();
}

/** Stops the page's fake clock from also flowing in real time, so the timer reads exactly
 *  what the test ran it for, however slow the machine (runFor still moves it on). */
async function pauseClock(page: Page) {
  await page.clock.pauseAt(new Date(Date.now() + 5 * 60_000));
}

/** A second page after the first closed: the pupil's page, then "Resume fluency check". */
async function reopenReading(context: BrowserContext, listName: string): Promise<Page> {
  const again = await context.newPage();
  await again.clock.install();
  await again.goto('/classes');
  await appReady(again);
  await again.getByRole('link', { name: /1H/ }).click();
  await again.getByRole('link', { name: listName }).click();
  await again.getByRole('link', { name: 'Resume fluency check' }).click();
  return again;
}

const word = (page: Page, n: number) => page.getByTestId('passage').locator('button.pw').nth(n - 1);

/** Marks stored in IndexedDB for the pupil's open fluency reading: what survives a closed tab. */
async function storedMarks(page: Page): Promise<number> {
  return (await storedSessions(page))
    .filter((s) => s.kind === 'Fluency')
    .flatMap((s) => s.fluency?.marks ?? [])
    .filter((m: unknown) => m !== null && m !== undefined).length;
}

async function chooseCatOnTheWall(page: Page, listName: string) {
  await openPupil(page, listName);
  await page.getByRole('link', { name: 'Start fluency check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fluency check' })).toBeVisible();
  await page.getByRole('button', { name: /The Cat on the Wall/ }).click();
  await expect(page.getByTestId('passage').locator('button.pw')).toHaveCount(98);
}

test('a reading with a known pattern of taps gives the exact WCPM, accuracy and band', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Khan, Hamza');
  await expect(page.getByTestId('timer')).toHaveText('1:00');
  await screenshot(page, 'fluency-ready');
  await expectAccessible(page);
  await pauseClock(page);
  await page.getByRole('button', { name: 'Start timer' }).click();
  await word(page, 4).click(); // error
  await page.clock.runFor(5_000);
  await word(page, 11).click(); // error
  await page.clock.runFor(10_000);
  await word(page, 21).click(); // error...
  await word(page, 21).click(); // ...then a self-correction
  await expect(word(page, 21)).toHaveAttribute('data-state', 'self-correction');
  await expect(word(page, 4)).toHaveAttribute('data-state', 'error');
  await word(page, 30).click();
  await word(page, 30).click();
  await word(page, 30).click(); // cleared again
  await expect(word(page, 30)).toHaveAttribute('data-state', '');
  await expect(page.getByTestId('timer')).toHaveText('0:45');
  await page.clock.runFor(46_000);
  await expect(page.getByRole('heading', { name: 'Time! Tap the last word the child read.' })).toBeVisible();
  // The furthest word marked (21) is offered only as "at least": the child read further.
  await expect(page.getByTestId('last-word-hint')).toContainText('The furthest word you marked is word 21');
  await expect(page.getByTestId('last-word-hint')).toContainText('the child read at least that far. Tap the word they reached in the passage.');
  await expect(page.getByRole('button', { name: /^They stopped at word 21 \(“.*”\)$/ })).toBeVisible();
  await screenshot(page, 'fluency-last-word');
  await word(page, 50).click();
  await expect(page.getByTestId('reading-summary')).toHaveText('50 words read in 60 seconds · 2 errors · 1 self-correction · 48 words correct per minute');
  await page.getByLabel(/^Level 3/).check();
  await page.getByLabel('Notes').fill('Lost place at line 3.');
  await screenshot(page, 'fluency-after');
  await page.getByRole('button', { name: 'Save result' }).click();
  await expect(page.getByTestId('wcpm')).toHaveText('48 words correct per minute');
  await expect(page.getByTestId('accuracy')).toHaveText('Accuracy 96% · Independent (95-100%)');
  await expect(page.getByTestId('words-read')).toHaveText('50 in 60 seconds');
  await expect(page.getByTestId('errors')).toHaveText('2');
  await expect(page.getByTestId('ninety')).toContainText('42');
  await expect(page.getByTestId('norms')).toContainText('US norms');
  await page.clock.resume(); // axe waits on timers
  await screenshot(page, 'fluency-results');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Back to Hamza Khan' }).click();
  await expect(page.getByRole('row', { name: /Fluency: The Cat on the Wall 48 words correct per minute · 96% Independent \(95-100%\)/ })).toBeVisible();
});

test('finishing early uses the time taken', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Murphy, Oisín');
  await page.getByRole('button', { name: 'Start timer' }).click();
  await page.clock.runFor(41_200);
  await page.getByRole('button', { name: 'The child finished the passage' }).click();
  await expect(page.getByTestId('reading-summary')).toHaveText('98 words read in 42 seconds · 0 errors · 0 self-corrections · 140 words correct per minute');
  await page.getByRole('button', { name: 'Save result' }).click();
  await expect(page.getByTestId('wcpm')).toHaveText('140 words correct per minute');
  await expect(page.getByTestId('words-read')).toHaveText('98 in 42 seconds (finished the passage)');
});

test('"the child finished" tapped by mistake two seconds in is questioned, and the reading restarts', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Murphy, Oisín');
  await page.getByRole('button', { name: 'Start timer' }).click();
  await page.clock.runFor(2_000);
  await page.getByRole('button', { name: 'The child finished the passage' }).click();
  const doubt = page.getByTestId('timing-doubt');
  await expect(doubt).toContainText('Check the timing: 98 words in');
  await expect(doubt).toContainText('faster than anyone reads aloud');
  await screenshot(page, 'fluency-timing-doubt');
  // Every expression level is as easy to tap: long descriptors must not squeeze their radio.
  const widths = await page.locator('input[name=expression]').evaluateAll((inputs) =>
    inputs.map((i) => Math.round(i.getBoundingClientRect().width)),
  );
  expect(widths).toEqual([28, 28, 28, 28]);
  await doubt.getByRole('button', { name: 'Restart the reading' }).click();
  await expect(page.getByRole('button', { name: 'Start timer' })).toBeVisible();
  await expect(page.getByTestId('timer')).toHaveText('1:00');
  await expect(page.getByTestId('timing-doubt')).toHaveCount(0);
});

test('closing the page mid-reading keeps the marks; the adult resumes', async ({ page, context }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Rossi, Sofia');
  await pauseClock(page);
  await page.getByRole('button', { name: 'Start timer' }).click();
  await word(page, 2).click();
  await page.clock.runFor(20_000);
  await word(page, 7).click();
  await word(page, 7).click();
  await word(page, 9).click();
  // Each tap is written at once; the page closes once the last write has landed (an adult
  // cannot close a tab within milliseconds of a tap, a test can).
  await expect.poll(() => storedMarks(page)).toBe(3);
  await page.close();

  const again = await reopenReading(context, 'Rossi, Sofia');
  await expect(again.getByRole('heading', { name: 'This reading was interrupted' })).toBeVisible();
  await expect(again.getByText('The timer stopped at 0:40 left, with 3 words marked. The marks are kept.')).toBeVisible();
  await expect(word(again, 2)).toHaveAttribute('data-state', 'error');
  await expect(word(again, 7)).toHaveAttribute('data-state', 'self-correction');
  await pauseClock(again);
  await again.getByRole('button', { name: 'Resume the timer' }).click();
  await expect(again.getByTestId('timer')).toHaveText('0:40');
  await again.clock.runFor(41_000);
  await word(again, 60).click();
  await expect(again.getByTestId('reading-summary')).toHaveText('60 words read in 60 seconds · 2 errors · 1 self-correction · 58 words correct per minute');
});

/** The time read saved with the pupil's open fluency reading. */
async function storedElapsed(page: Page): Promise<number | undefined> {
  return (await storedSessions(page)).find((s) => s.kind === 'Fluency' && s.status === 'InProgress')?.fluency?.elapsed_ms;
}

test('a reading hidden between taps resumes from when reading stopped, not from the last tap', async ({ page, context }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Khan, Hamza');
  await pauseClock(page);
  await page.getByRole('button', { name: 'Start timer' }).click();
  await word(page, 2).click();
  await expect.poll(() => storedMarks(page)).toBe(1);
  // Twelve more seconds of reading with no tap: the last tap saved 0:00 read.
  await page.clock.runFor(12_000);
  await expect(page.getByTestId('timer')).toHaveText('0:48');
  expect(await storedElapsed(page)).toBe(0);
  // The tablet's screen locks (or the adult switches tab): the page is hidden.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    // As browsers fire it: at the document, bubbling to the window.
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await expect.poll(() => storedElapsed(page)).toBe(12_000);
  await page.close();

  const again = await reopenReading(context, 'Khan, Hamza');
  await expect(again.getByText('The timer stopped at 0:48 left, with 1 word marked. The marks are kept.')).toBeVisible();
  await pauseClock(again);
  await again.getByRole('button', { name: 'Resume the timer' }).click();
  await expect(again.getByTestId('timer')).toHaveText('0:48');
  await again.clock.runFor(49_000);
  // Word 2 is the only mark and there is no earlier reading: it is offered only as a floor.
  await expect(again.getByTestId('last-word-hint')).toContainText('The furthest word you marked is word 2');
  await word(again, 55).click();
  await expect(again.getByTestId('reading-summary')).toHaveText('55 words read in 60 seconds · 1 error · 0 self-corrections · 54 words correct per minute');
});

test('after a reading with no marks and no earlier reading, no last word is suggested: the adult taps it', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Murphy, Oisín');
  await pauseClock(page);
  await page.getByRole('button', { name: 'Start timer' }).click();
  await page.clock.runFor(61_000);
  await expect(page.getByRole('heading', { name: 'Time! Tap the last word the child read.' })).toBeVisible();
  await expect(page.getByTestId('last-word-hint')).toHaveText('Tap the word the child reached in the passage.');
  await expect(page.getByRole('button', { name: /^They stopped at word/ })).toHaveCount(0);
  await word(page, 62).click();
  await expect(page.getByTestId('reading-summary')).toHaveText('62 words read in 60 seconds · 0 errors · 0 self-corrections · 62 words correct per minute');
});

test('restarting an interrupted reading clears it', async ({ page, context }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Patel, Maya');
  await page.getByRole('button', { name: 'Start timer' }).click();
  await word(page, 3).click();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This reading was interrupted' })).toBeVisible();
  await page.getByRole('button', { name: 'Restart the reading' }).click();
  await expect(page.getByRole('button', { name: 'Start timer' })).toBeVisible();
  await expect(word(page, 3)).toHaveAttribute('data-state', '');
  await expect(page.getByTestId('timer')).toHaveText('1:00');
});

test('the child view and the printed copy show the passage without marks', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Sharma, Priya');
  await page.getByRole('button', { name: 'Start timer' }).click();
  await word(page, 5).click();
  await page.getByRole('button', { name: "Child's view" }).click();
  await expect(page.getByTestId('timer')).toBeHidden();
  await screenshot(page, 'fluency-child-view');
  const colour = await word(page, 5).evaluate((el) => getComputedStyle(el).textDecorationLine);
  expect(colour).toBe('none');

  await page.goto('/print/passage/l4-the-cat-on-the-wall');
  await expect(page.getByRole('heading', { level: 1, name: 'The Cat on the Wall' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await screenshot(page, 'fluency-print-copy');
});

test('a fluency check run offline is kept', async ({ page, context }) => {
  await installOffline(page, '/');
  await importSample(page);
  await context.setOffline(true);
  await page.clock.install();
  await chooseCatOnTheWall(page, 'Nguyen, Lily');
  await page.getByRole('button', { name: 'Start timer' }).click();
  await word(page, 8).click();
  await page.clock.runFor(61_000);
  await word(page, 70).click();
  await page.getByRole('button', { name: 'Save result' }).click();
  await expect(page.getByTestId('wcpm')).toHaveText('69 words correct per minute');
  await page.reload();
  await expect(page.getByTestId('wcpm')).toHaveText('69 words correct per minute');
  await context.setOffline(false);
});

test('a refused microphone is explained and the check goes on', async ({ page, context }) => {
  await context.clearPermissions();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await chooseCatOnTheWall(page, 'Tesfaye, Dawit');
  await page.getByLabel(/^Record this reading/).check();
  await expect(page.getByTestId('audio-note')).toContainText('Recording is not possible:');
  await expect(page.getByTestId('audio-note')).toContainText('The check goes on without it.');
  await expect(page.getByLabel(/^Record this reading/)).not.toBeChecked();
  await page.getByRole('button', { name: 'Start timer' }).click();
  await page.getByRole('button', { name: 'The child finished the passage' }).click();
  await page.getByRole('button', { name: 'Save result' }).click();
  await expect(page.getByTestId('wcpm')).toBeVisible();
});
