import { test, expect, appReady, importSample } from './fixtures';
import { chromiumArgs } from '../playwright.config';

// Chromium's fake microphone (a tone) and an automatic yes to the permission prompt.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  },
});

test('a recording of the reading is stored, plays back from the history and can be deleted', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await page.goto('/classes');
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: 'Williams, Nia' }).click();
  await page.getByRole('link', { name: 'Start fluency check' }).click();
  await page.getByRole('button', { name: /The Cat on the Wall/ }).click();
  // Off by default, switched on for this reading.
  await expect(page.getByLabel(/^Record this reading/)).not.toBeChecked();
  await page.getByLabel(/^Record this reading/).check();
  await expect(page.getByTestId('audio-note')).toHaveText('Microphone ready: recording starts with the timer.');
  await page.getByRole('button', { name: 'Start timer' }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'The child finished the passage' }).click();
  await expect(page.getByTestId('audio-note')).toHaveText('The recording is saved with this reading.');
  await page.getByRole('button', { name: 'Save result' }).click();

  // From the pupil's history, the recording plays.
  await page.getByRole('link', { name: 'Back to Nia Williams' }).click();
  await page.getByRole('link', { name: 'Fluency: The Cat on the Wall' }).click();
  const audio = page.getByTestId('recording');
  await expect(audio).toHaveAttribute('src', /^blob:/);
  const played = await audio.evaluate(async (el: HTMLAudioElement) => {
    el.muted = true;
    await el.play();
    await new Promise((r) => setTimeout(r, 300));
    return { time: el.currentTime, error: el.error?.code ?? null };
  });
  expect(played.error).toBeNull();
  expect(played.time).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Delete the recording' }).click();
  await expect(page.getByText('The recording was deleted.')).toBeVisible();
  await page.reload();
  await appReady(page);
  await expect(page.getByTestId('recording')).toHaveCount(0);
});
