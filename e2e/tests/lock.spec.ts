// The staff lock (issue 17): a child handed the tablet cannot reach other children's names and
// results. PBKDF2 with 600,000 iterations takes a moment in headless Chromium, so every step waits
// for what the page says, never for a fixed time.
import { readFileSync } from 'node:fs';
import { test, expect, appReady, importSample, sampleClass, screenshot, expectAccessible, storedResponses, type Page } from './fixtures';

const PASSCODE = '482139';
const NEW_PASSCODE = '735194';

/** Every forename and surname in the sample class: none may be in the DOM while locked. */
const names: string[] = readFileSync(sampleClass, 'utf8')
  .replace(/^\uFEFF/, '')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim())
  .flatMap((l) => l.split(',').slice(1, 3))
  .map((n) => n.replace(/"/g, '').trim())
  .filter((n) => n.length > 2);

/** Records any moment a sample pupil's name is in the DOM while `window.__watchNames` is on: a
 *  page painted for a frame and then replaced still counts. Installed in the page now and on
 *  every later load (from the first script). */
function installWatcher(list: string[]) {
  const w = window as any;
  if (w.__watcher) return;
  w.__watcher = true;
  w.__leaks = [];
  w.__watchNames = true;
  const look = () => {
    if (!w.__watchNames) return;
    const html = document.documentElement.outerHTML;
    // Whole words only ("Ali" is not in "Alien words").
    for (const n of list) if (new RegExp(`(?<!\\p{L})${n}(?!\\p{L})`, 'u').test(html)) w.__leaks.push(n);
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

async function watchForNames(page: Page, alsoWatch: string[] = []) {
  await page.addInitScript(installWatcher, [...names, ...alsoWatch]);
  await page.evaluate(installWatcher, [...names, ...alsoWatch]);
}

async function leaks(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as any).__leaks as string[]);
}

async function stopWatching(page: Page) {
  await page.evaluate(() => ((window as any).__watchNames = false));
}

/** Sets the passcode in Settings and returns the recovery code shown once. */
async function setPasscode(page: Page, code = PASSCODE): Promise<string> {
  await page.goto('/settings');
  await appReady(page);
  await page.getByLabel('New passcode', { exact: true }).fill(code);
  await page.getByLabel('Type the new passcode again').fill(code);
  await page.getByRole('button', { name: 'Set the staff passcode' }).click();
  const shown = page.getByTestId('recovery-code');
  await expect(shown).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/, { timeout: 30_000 });
  const recovery = (await shown.textContent())!;
  await page.getByRole('button', { name: 'I have kept it' }).click();
  await expect(shown).toHaveCount(0);
  await expect(page.getByTestId('lock-on')).toContainText('locks after 5 minutes with no use');
  return recovery;
}

async function failures(page: Page): Promise<number> {
  const stored = await page.evaluate(() => localStorage.getItem('readby7.lock'));
  return JSON.parse(stored!).attempts.failures;
}

const lockScreen = (page: Page) => page.getByTestId('lock-screen');

async function expectLocked(page: Page) {
  await expect(page.getByRole('heading', { level: 1, name: 'ReadBy7 is locked' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
}

async function unlock(page: Page, code = PASSCODE) {
  await page.getByLabel('Staff passcode').fill(code);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(lockScreen(page)).toHaveCount(0, { timeout: 30_000 });
}

/** Goes to a page through the app's own navigation: a `goto` reloads, and the app opens locked. */
async function navTo(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
}

async function lockNow(page: Page) {
  if (!page.url().endsWith('/settings')) await navTo(page, 'Settings');
  await page.getByRole('button', { name: 'Lock now' }).click();
  await expectLocked(page);
}

async function openPupil(page: Page, listName: string) {
  await navTo(page, 'Classes');
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: listName }).click();
}

test('a passcode offered after the import: reloaded, the app is locked with no pupil name in the DOM, and unlocks by keyboard', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  // Offered on the import's success screen.
  await expect(page.getByRole('heading', { name: 'Protect these names with a staff passcode' })).toBeVisible();
  await page.getByRole('link', { name: 'Set a staff passcode' }).click();
  await expect(page).toHaveURL(/\/settings/);

  // Refused passcodes say why.
  await page.getByLabel('New passcode', { exact: true }).fill('12345');
  await page.getByLabel('Type the new passcode again').fill('12345');
  await page.getByRole('button', { name: 'Set the staff passcode' }).click();
  await expect(page.getByText('The passcode has 5 digits; it needs at least 6.')).toBeVisible();
  await page.getByLabel('New passcode', { exact: true }).fill('123456');
  await page.getByLabel('Type the new passcode again').fill('123456');
  await page.getByRole('button', { name: 'Set the staff passcode' }).click();
  await expect(page.getByText(/too easy to guess/)).toBeVisible();

  const recovery = await setPasscode(page);
  // Only a salted hash is stored: neither code is in the record.
  const stored = await page.evaluate(() => localStorage.getItem('readby7.lock'));
  expect(stored).not.toContain(PASSCODE);
  expect(stored).not.toContain(recovery.replace(/-/g, ''));
  expect(JSON.parse(stored!).passcode.iterations).toBe(600000);

  await watchForNames(page);
  for (const path of ['/classes', '/progress', '/records', '/check']) {
    await page.goto(path);
    await expectLocked(page);
  }
  await page.reload();
  await expectLocked(page);
  await expect(page.getByText('Enter the staff passcode to open ReadBy7.')).toBeVisible();
  const html = await page.content();
  for (const n of names) expect(html, `${n} in the locked page`).not.toContain(n);
  expect(await leaks(page)).toEqual([]);
  await expect(page.locator('.app-header, .banner')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'lock-screen-768x1024');

  // Keyboard: the field has the focus, Enter unlocks.
  await expect(page.getByLabel('Staff passcode')).toBeFocused();
  await expect(page.getByLabel('Staff passcode')).toHaveAttribute('inputmode', 'numeric');
  await stopWatching(page);
  await page.keyboard.type(PASSCODE);
  await page.keyboard.press('Enter');
  await appReady(page);
  // Unlocked where it was reloaded.
  await expect(page.getByRole('heading', { level: 1, name: 'Run a check' })).toBeVisible();
  await expect(page.getByText('Next pupil in 1H: Ibrahim Abdi')).toBeVisible();
});

test('the lock screen at 390x844: nothing off the side, targets of 48 px, axe', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await appReady(page);
  await setPasscode(page);
  await page.reload();
  await expectLocked(page);
  // Open both disclosures so every control is measured.
  await page.getByText('Forgotten the passcode?').click();
  await page.getByText('No recovery code either?').click();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(wide).toBe(false);
  const small = await lockScreen(page).locator('button, input, summary, a').evaluateAll((els) =>
    els
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 48 || r.width < 48)
      .map(({ e, r }) => `${e.outerHTML.slice(0, 60)} ${r.width}x${r.height}`),
  );
  expect(small).toEqual([]);
  await expectAccessible(page);
  await screenshot(page, 'lock-screen-390x844');
  // Tab order: passcode, Unlock, then the recovery form.
  await page.getByLabel('Staff passcode').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toBeFocused();
});

test('wrong codes: five free tries, then a wait that doubles and survives a reload (fake clock)', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await setPasscode(page);
  await lockNow(page);
  const field = page.getByLabel('Staff passcode');
  const alert = lockScreen(page).getByRole('alert');
  for (let i = 1; i <= 4; i++) {
    await field.fill('000001');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect.poll(() => failures(page)).toBe(i);
    await expect(alert).toHaveText('That is not the staff passcode. Try again.');
    await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toBeEnabled();
  }
  await field.fill('000001');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(alert).toHaveText('That is not the staff passcode. Too many wrong codes: try again in 30 seconds.');
  await expect(page.getByTestId('lock-wait')).toHaveText(/^Next try in (30|29) seconds\.$/);
  // Even the right code is not tried during the wait.
  await field.fill(PASSCODE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(alert).toHaveText(/^Too many wrong codes\. Try again in (30|29) seconds\.$/);
  await page.clock.runFor(10_000);
  await expect(page.getByTestId('lock-wait')).toHaveText(/^Next try in (1[5-9]|20) seconds\.$/);
  await screenshot(page, 'lock-wait');

  // A reload does not reset the wait.
  await page.reload();
  await expectLocked(page);
  await expect(page.getByTestId('lock-wait')).toBeVisible();
  await page.clock.runFor(21_000);
  await expect(page.getByTestId('lock-wait')).toHaveCount(0);
  await field.fill('000001');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(alert).toHaveText('That is not the staff passcode. Too many wrong codes: try again in 1 minute.');
  await page.clock.runFor(30_000);
  await expect(page.getByTestId('lock-wait')).toHaveText(/^Next try in (2[5-9]|30) seconds\.$/);
  await page.clock.runFor(31_000);
  await unlock(page);
  await appReady(page);
  // The right code starts the count again.
  expect(await failures(page)).toBe(0);
});

test('idle for the set minutes locks; any tap puts it off (fake clock)', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await setPasscode(page);
  await navTo(page, 'Classes');
  await page.clock.runFor(4 * 60_000);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.getByRole('heading', { level: 1 }).click(); // a tap anywhere
  await page.clock.runFor(4 * 60_000);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.clock.runFor(61_000);
  await expectLocked(page);
  await expect(page.getByText('ReadBy7 locked itself after a while with no use.', { exact: false })).toBeVisible();
  await unlock(page);
  await expect(page).toHaveURL(/\/classes$/);
});

test('during a check: the check stays usable, "Leave", the back button and the header ask for the passcode', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await setPasscode(page);
  await openPupil(page, 'Abdi, Ibrahim');
  await page.getByRole('button', { name: 'Start screening check' }).click();
  await page.getByRole('button', { name: 'Start the check' }).click();
  // A slow reader: ten minutes with no tap, and the check is still there.
  await page.clock.runFor(10 * 60_000);
  const words = page.getByTestId('check-page').locator('ul.words > li');
  await words.nth(0).getByRole('button', { name: /^Correct: / }).click();
  await words.nth(1).getByRole('button', { name: /^Incorrect: / }).click();
  await expect.poll(() => storedResponses(page)).toBe(2);
  await expect(page.getByTestId('check-position')).toContainText('2 of 40 marked');

  // "Leave (saved)": the pupil's page is never painted (its "Resume" button would show it), and
  // no other name either.
  await watchForNames(page, ['Resume screening check', 'Back to 1H']);
  await page.getByRole('link', { name: 'Leave (saved)' }).click();
  await expectLocked(page);
  await expect(page).toHaveURL(/\/pupils\//);
  await expect(page.getByText('The check is saved. A member of staff enters the passcode to go on.')).toBeVisible();
  expect((await leaks(page)).filter((n) => n !== 'Abdi' && n !== 'Ibrahim')).toEqual([]);
  for (const n of names) expect(await page.content()).not.toContain(n);
  await stopWatching(page);
  await unlock(page);
  await page.getByRole('button', { name: 'Resume screening check (word 3)' }).click();
  await expect(page.getByTestId('check-position')).toContainText('2 of 40 marked');

  // The browser's back button.
  await page.goBack();
  await expectLocked(page);
  await unlock(page);
  await page.goForward();
  await expect(page.getByTestId('check-position')).toContainText('2 of 40 marked');

  // Put away for longer than the idle time: locked on return, and the check resumes after the code.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await page.clock.runFor(6 * 60_000);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await expectLocked(page);
  await expect(page.getByText(/locked while the tablet was put away/)).toBeVisible();
  await unlock(page);
  await expect(page.getByTestId('check-position')).toContainText('2 of 40 marked');

  // Finishing goes to the results as today; the header from there asks for the passcode.
  await page.getByRole('button', { name: 'Stop…' }).click();
  await page.getByRole('button', { name: 'Stop early: mark the words read so far' }).click();
  await expect(page).toHaveURL(/\/results\//);
  await expect(page.getByTestId('mark')).toHaveText('1 / 40');
  await navTo(page, 'Classes');
  await expectLocked(page);
  await unlock(page);
  await expect(page.getByRole('link', { name: /1H/ })).toBeVisible();
});

test('the recovery code opens the app once and sets a new passcode; "Turn off" needs the code', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  const recovery = await setPasscode(page);
  await lockNow(page);
  await page.getByText('Forgotten the passcode?').click();
  // The new passcode is checked before the recovery code is spent.
  await page.getByLabel('Recovery code').fill(recovery);
  await page.getByLabel('New passcode', { exact: true }).fill('1');
  await page.getByLabel('Type the new passcode again').fill('1');
  await page.getByRole('button', { name: 'Unlock and set the new passcode' }).click();
  await expect(page.getByText('The passcode has 1 digit; it needs at least 6.')).toBeVisible();
  await page.getByLabel('New passcode', { exact: true }).fill(NEW_PASSCODE);
  await page.getByLabel('Type the new passcode again').fill(NEW_PASSCODE);
  await page.getByRole('button', { name: 'Unlock and set the new passcode' }).click();
  const next = page.getByTestId('recovery-code');
  await expect(next).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/, { timeout: 30_000 });
  expect(await next.textContent()).not.toBe(recovery);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'I have kept it: open ReadBy7' }).click();
  await appReady(page);

  // The old recovery code no longer works, nor the old passcode; the new passcode does.
  await lockNow(page);
  await page.getByText('Forgotten the passcode?').click();
  await page.getByLabel('Recovery code').fill(recovery.toLowerCase());
  await page.getByLabel('New passcode', { exact: true }).fill('246813');
  await page.getByLabel('Type the new passcode again').fill('246813');
  await page.getByRole('button', { name: 'Unlock and set the new passcode' }).click();
  await expect(page.getByText('That is not the recovery code. Try again.')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Staff passcode').fill(PASSCODE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByText('That is not the staff passcode. Try again.')).toBeVisible({ timeout: 30_000 });
  await unlock(page, NEW_PASSCODE);

  // Settings: "Required on this device" hides "Turn off"; turning off needs the current code.
  await expect(page).toHaveURL(/\/settings$/);
  await page.getByLabel(/^Required on this device/).check();
  await page.getByLabel('Current passcode').first().fill(NEW_PASSCODE);
  await page.getByRole('button', { name: 'Save lock settings' }).click();
  await expect(page.getByText('Lock settings saved.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Turn off the staff lock')).toHaveCount(0);
  await page.getByLabel(/^Required on this device/).uncheck();
  await page.getByLabel('Current passcode').first().fill(NEW_PASSCODE);
  await page.getByRole('button', { name: 'Save lock settings' }).click();
  await expect(page.getByText('Lock settings saved.')).toBeVisible({ timeout: 30_000 });
  await page.locator('summary', { hasText: 'Turn off the staff lock' }).click();
  const off = page.locator('#lock-current-off');
  await off.fill(PASSCODE);
  await page.getByRole('button', { name: 'Turn off the staff lock' }).click();
  await expect(page.getByText('That is not the current passcode. Try again.')).toBeVisible({ timeout: 30_000 });
  await off.fill(NEW_PASSCODE);
  await page.getByRole('button', { name: 'Turn off the staff lock' }).click();
  await expect(page.getByRole('button', { name: 'Set the staff passcode' })).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await appReady(page);
});

test('a practice link opens while the app is locked, with no school data', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await page.goto('/home-practice?gpcs=s,a,t,p,i,n,m,d');
  await appReady(page);
  const link = await page.getByTestId('pack-link').inputValue();
  await setPasscode(page);
  await watchForNames(page);
  await page.goto(link);
  await expect(page.getByRole('navigation', { name: 'Practice' })).toBeVisible();
  await expect(lockScreen(page)).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  expect(await leaks(page)).toEqual([]);
  // The lock screen's own entry leads there too.
  await page.goto('/classes');
  await expectLocked(page);
  await page.getByRole('link', { name: 'Home practice' }).click();
  await expect(page.getByText("Open the practice link or scan the QR code your child's teacher gave you.")).toBeVisible();
  expect(await leaks(page)).toEqual([]);
});

test('without passcode or recovery code: "Reset ReadBy7 on this device" after a warning starts fresh', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await setPasscode(page);
  await page.reload();
  await expectLocked(page);
  await page.getByText('Forgotten the passcode?').click();
  await page.getByText('No recovery code either?').click();
  await expect(page.getByText(/Resetting deletes everything ReadBy7 holds on this device/)).toBeVisible();
  await page.getByRole('button', { name: 'Reset ReadBy7 on this device' }).click();
  await expect(page.getByText('Type RESET in capitals to confirm. Nothing has been deleted.')).toBeVisible();
  await page.getByLabel('Type RESET to confirm').fill('RESET');
  await page.getByRole('button', { name: 'Reset ReadBy7 on this device' }).click();
  await appReady(page);
  await expect(page.getByRole('link', { name: /1H/ })).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('readby7.lock'))).toBeNull();
  await page.goto('/settings');
  await expect(page.getByRole('button', { name: 'Set the staff passcode' })).toBeVisible();
});
