// Fluency recordings: made with Chromium's fake microphone, played back from the pupil's
// history, deleted, and carried through a backup and a restore.
import { readFileSync } from 'node:fs';
import { test, expect, appReady, importSample, screenshot, type Page } from './fixtures';
import { chromiumArgs } from '../playwright.config';

// Chromium's fake microphone (a tone) and an automatic yes to the permission prompt.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  },
});

/** Nia Williams reads "The Cat on the Wall" with the recording switched on; the result is saved. */
async function recordReading(page: Page) {
  await page.goto('/classes');
  await appReady(page);
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
  await page.getByRole('link', { name: 'Back to Nia Williams' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nia Williams' })).toBeVisible();
}

/** From Nia's history to her reading's result page. */
async function openReading(page: Page) {
  await page.goto('/classes');
  await appReady(page);
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: 'Williams, Nia' }).click();
  await page.getByRole('link', { name: 'Fluency: The Cat on the Wall' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fluency: Nia Williams' })).toBeVisible();
}

/** Plays the recording on the page (muted) for a moment; its position and error code. */
async function play(page: Page) {
  const audio = page.getByTestId('recording');
  await expect(audio).toHaveAttribute('src', /^blob:/);
  return audio.evaluate(async (el: HTMLAudioElement) => {
    el.muted = true;
    await el.play();
    await new Promise((r) => setTimeout(r, 300));
    return { time: el.currentTime, error: el.error?.code ?? null };
  });
}

/** Every recording the app holds in IndexedDB: id, session and the sound as base64. */
async function storedClips(page: Page) {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('readby7');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const clips: any[] = await new Promise((resolve, reject) => {
      const r = db.transaction('audio').objectStore('audio').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    const out = [];
    for (const c of clips) {
      const bytes = new Uint8Array(await (c.blob as Blob).arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      out.push({ id: c.id as string, session_id: c.session_id as string, mime_type: c.mime_type as string, base64: btoa(binary) });
    }
    return out;
  });
}

type Saved = { name: string; text: string };

async function downloadBackup(page: Page): Promise<Saved> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download backup', exact: true }).click(),
  ]);
  const saved = { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
  await expect(page.getByTestId('records-message')).toContainText(`Saved ${saved.name}`);
  return saved;
}

// ---------------------------------------------------------------------------------------------

test('a recording of the reading is stored, plays back from the history and can be deleted', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await recordReading(page);

  // From the pupil's history, the recording plays.
  await page.getByRole('link', { name: 'Fluency: The Cat on the Wall' }).click();
  const played = await play(page);
  expect(played.error).toBeNull();
  expect(played.time).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Delete the recording' }).click();
  await expect(page.getByText('The recording was deleted.')).toBeVisible();
  await page.reload();
  await appReady(page);
  await expect(page.getByTestId('recording')).toHaveCount(0);
});

test('a backup with recordings holds the sound; the recording, deleted, plays again once it is restored', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await recordReading(page);
  const [clip] = await storedClips(page);
  expect(clip.base64.length).toBeGreaterThan(1000);

  await page.goto('/records');
  await appReady(page);
  const include = page.getByLabel('Include fluency recordings (a much bigger file)');
  await expect(include).not.toBeChecked();

  // Without the box ticked: the reading is in the backup, its sound is not.
  const plain = await downloadBackup(page);
  await expect(page.getByTestId('records-message')).toHaveText(
    `Saved ${plain.name}: 29 pupils, 1 check. Keep it somewhere safe off this tablet.`,
  );
  const plainDoc = JSON.parse(plain.text);
  expect(plainDoc.sessions).toHaveLength(1);
  expect(plainDoc.audio).toBeUndefined();
  expect(plain.text).not.toContain(clip.base64.slice(0, 200));

  // With it: one clip, tied to the reading, with exactly the bytes the tablet holds.
  await include.check();
  const full = await downloadBackup(page);
  await expect(page.getByTestId('records-message')).toHaveText(
    `Saved ${full.name}: 29 pupils, 1 check, 1 recording. Keep it somewhere safe off this tablet.`,
  );
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header and tab bar where they belong
  await screenshot(page, 'records-backup-with-recordings');
  const doc = JSON.parse(full.text);
  expect(doc.checksum).toMatch(/^[0-9a-f]{64}$/);
  expect(doc.audio).toHaveLength(1);
  const [saved] = doc.audio;
  const reading = doc.sessions.find((s: any) => s.kind === 'Fluency');
  expect(saved.session_id).toBe(reading.id);
  expect(saved.id).toBe(reading.fluency.audio.clip_id);
  expect(saved.id).toBe(clip.id);
  expect(saved.mime_type).toMatch(/^audio\//);
  expect(saved.data_base64).toBe(clip.base64);
  expect(full.text.length).toBeGreaterThan(plain.text.length + clip.base64.length - 1);

  // The recording is deleted on the tablet.
  await openReading(page);
  expect((await play(page)).error).toBeNull();
  await page.getByRole('button', { name: 'Delete the recording' }).click();
  await expect(page.getByText('The recording was deleted.')).toBeVisible();
  expect(await storedClips(page)).toEqual([]);
  await page.reload();
  await appReady(page);
  await expect(page.getByTestId('recording')).toHaveCount(0);

  // Restoring the backup made with recordings brings the sound back.
  await page.goto('/records');
  await appReady(page);
  await page.getByLabel('Restore from a backup file').setInputFiles({
    name: full.name,
    mimeType: 'application/json',
    buffer: Buffer.from(full.text),
  });
  const preview = page.getByTestId('restore-preview');
  await expect(preview).toContainText('with 1 class, 29 pupils, 1 check and 1 recording.');
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header and tab bar where they belong
  await screenshot(page, 'records-restore-with-recordings');
  await page.getByRole('button', { name: 'Replace everything with this backup' }).click();
  await expect(page.getByTestId('restore-done')).toHaveText('Restored: 29 pupils, 1 check and 1 recording.');

  await page.reload();
  await appReady(page);
  expect(await storedClips(page)).toEqual([clip]);
  await openReading(page);
  const played = await play(page);
  expect(played.error).toBeNull();
  expect(played.time).toBeGreaterThan(0);
  await expect(page.getByText('The recording has been deleted.')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header and tab bar where they belong
  await screenshot(page, 'fluency-recording-restored');

  // Restoring the backup made WITHOUT recordings keeps the tablet's sound of its checks.
  await page.goto('/records');
  await appReady(page);
  await page.getByLabel('Restore from a backup file').setInputFiles({
    name: plain.name,
    mimeType: 'application/json',
    buffer: Buffer.from(plain.text),
  });
  await expect(page.getByTestId('restore-preview')).toContainText(
    'It was made without recordings, so this tablet keeps its recordings of the checks in it.',
  );
  await page.getByRole('button', { name: 'Replace everything with this backup' }).click();
  await expect(page.getByTestId('restore-done')).toHaveText(
    "Restored: 29 pupils and 1 check; this tablet's recordings of those checks are kept.",
  );
  await page.reload();
  await appReady(page);
  expect(await storedClips(page)).toEqual([clip]);
});
