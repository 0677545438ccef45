// Home practice: the teacher's pack (link and QR code, with nothing about the child in them)
// and practice mode on a parent's phone (every card type, stars, the guide, offline, a damaged
// link, and no school data on a tablet that holds some).
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { test, expect, appReady, importSample, installOffline, screenshot, expectAccessible, sampleClass, type Page } from './fixtures';

test.use({ viewport: { width: 390, height: 844 } });

/** The sample class's names and UPNs, straight from the file. */
const sample = readFileSync(sampleClass, 'utf8')
  .replace(/^\uFEFF/, '')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [upn, surname, forename] = l.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return { upn, surname, forename };
  })
  .filter((p) => p.upn && p.surname && p.forename);
const names = sample.flatMap((p) => [p.forename, p.surname]);
const upns = sample.map((p) => p.upn);

async function openPupil(page: Page, listName: string) {
  await page.goto('/classes');
  await appReady(page);
  await page.getByRole('link', { name: /1H/ }).click();
  await page.getByRole('link', { name: listName }).click();
}

/** A screening check by keyboard, the first `wrong` words incorrect: teach-next now exists. */
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

/** A group pack's link from the teacher's page: no class needed. */
async function groupLink(page: Page, gpcs = 's,a,t,p,i,n,m,d'): Promise<string> {
  await page.goto(`/home-practice?gpcs=${gpcs}`);
  await appReady(page);
  const link = page.getByTestId('pack-link');
  await expect(link).toHaveValue(/\/practice#p1\./);
  return link.inputValue();
}

/** The payload inside a link's fragment (base64url of "gpcs|words|pseudo|tricky|passage" + CRC). */
function payloadOf(link: string): string {
  const body = link.split('#')[1].replace(/^p1\./, '');
  const bytes = Buffer.from(body, 'base64url');
  return bytes.subarray(0, bytes.length - 4).toString('utf8');
}

/** Decodes the QR code element on screen. */
async function readQr(page: Page): Promise<string | null> {
  const png = PNG.sync.read(await page.getByTestId('pack-qr').screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return code?.data ?? null;
}

const stars = (page: Page) => page.getByTestId('stars');
const starCount = async (page: Page) => Number(((await stars(page).textContent()) ?? '').match(/★ (\d+) today/)![1]);

/** Opens a deck from the menu, checks each card with `each`, and earns a star per card. */
async function practiseDeck(page: Page, title: string, each: (i: number) => Promise<void>): Promise<number> {
  const menu = page.getByRole('navigation', { name: 'Practice' });
  const deckButton = menu.getByRole('button', { name: new RegExp(`^${title} \\(\\d+\\)$`) });
  await expect(deckButton).toBeVisible();
  const n = Number((await deckButton.textContent())!.match(/\((\d+)\)/)![1]);
  expect(n).toBeGreaterThan(0);
  await deckButton.click();
  for (let i = 0; i < n; i++) {
    const before = await starCount(page);
    await expect(page.getByTestId('deck-position')).toHaveText(`${title} · ${i + 1} of ${n}`);
    await each(i);
    await page.getByRole('button', { name: 'Next ★' }).click();
    await expect(stars(page)).toContainText(`★ ${before + 1} today`);
  }
  await expect(page.getByTestId('deck-done')).toContainText('Well done!');
  await page.getByRole('button', { name: 'Choose more practice' }).click();
  return n;
}

async function expectNoSchoolChrome(page: Page) {
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Classes' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Records' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'ReadBy7' })).toHaveCount(0);
  // No link at all leads anywhere else in the app (a skip link within the page is fine).
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs.filter((h) => !h!.startsWith('#'))).toEqual([]);
}

async function expectNoPupilData(page: Page) {
  const text = (await page.locator('body').innerText()) ?? '';
  for (const name of names) expect(text, `"${name}" on the practice page`).not.toMatch(new RegExp(`\\b${name}\\b`, 'i'));
  for (const upn of upns) expect(text).not.toContain(upn);
}

// ---------------------------------------------------------------------------------------------

test("a pupil's pack link and QR code hold no name or UPN, and the QR code is the link", async ({ page, baseURL }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await screening(page, 'Abdi, Ibrahim', 8);
  await page.getByRole('link', { name: 'Back to Ibrahim Abdi' }).click();
  await page.getByRole('link', { name: 'Home practice pack' }).click();
  await expect(page).toHaveURL(/\/home-practice\?pupil=/);
  await expect(page.getByText('A practice pack for Ibrahim, from their next sounds to learn.')).toBeVisible();

  const link = await page.getByTestId('pack-link').inputValue();
  expect(link).toMatch(new RegExp(`^${baseURL!.replace(/[.]/g, '\\.')}/practice#p1\\.[A-Za-z0-9_-]+$`));
  for (const upn of upns) expect(link).not.toContain(upn);
  for (const name of names) expect(link.toLowerCase()).not.toContain(name.toLowerCase().normalize('NFC'));
  // Inside the fragment too: only sounds and words.
  const payload = payloadOf(link);
  const items = payload.split(/[|,]/).filter(Boolean).map((i) => i.toLowerCase());
  expect(items.length).toBeGreaterThan(4);
  for (const name of names) expect(items).not.toContain(name.toLowerCase());
  for (const upn of upns) expect(payload).not.toContain(upn);
  // The teacher page's pupil id is not in the link either.
  const pupilId = new URL(page.url()).searchParams.get('pupil')!;
  expect(link).not.toContain(pupilId);

  const qr = page.getByTestId('pack-qr');
  await expect(qr.locator('svg')).toBeVisible();
  await qr.scrollIntoViewIfNeeded();
  expect(await readQr(page)).toBe(link);
  await screenshot(page, 'practice-pack-390x844');
  // Printed, the slip carries neither the teacher's notes nor the way back to the pupil's page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('link', { name: 'Back to Ibrahim Abdi' })).toBeHidden();
  await expect(page.getByText('A practice pack for Ibrahim')).toBeHidden();
  await expect(qr).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expectAccessible(page);

  // Unticking a sound changes the link, and the QR code follows it.
  const firstSound = page.locator('fieldset', { hasText: 'Sounds' }).getByRole('checkbox').first();
  await firstSound.uncheck();
  await expect(page.getByTestId('pack-link')).not.toHaveValue(link);
  const changed = await page.getByTestId('pack-link').inputValue();
  await expect.poll(() => readQr(page)).toBe(changed);
});

/** Decodes the QR code once it is in the middle of the screen (clear of the tablet's tab bar). */
async function readQrInView(page: Page): Promise<string | null> {
  await page.getByTestId('pack-qr').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  return readQr(page);
}

/** A link holds no pupil's name or UPN, in its text or in the payload inside the fragment. */
function expectNothingAboutPupils(link: string) {
  for (const upn of upns) expect(link).not.toContain(upn);
  for (const name of names) expect(link.toLowerCase()).not.toContain(name.toLowerCase().normalize('NFC'));
  const payload = payloadOf(link);
  const items = payload.split(/[|,]/).filter(Boolean).map((i) => i.toLowerCase());
  for (const name of names) expect(items).not.toContain(name.toLowerCase());
  for (const upn of upns) expect(payload).not.toContain(upn);
}

test('from the navigation, a teacher picks a class, then a pupil or a keep-up group, and gets a pack link and QR code', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  // A second class, sorted before 1H, so the picker does not open on 1H by chance.
  await page.goto('/classes');
  await appReady(page);
  await page.getByRole('button', { name: 'New class' }).click();
  await page.getByLabel('Class name').fill('RA');
  await page.getByLabel('Year group').selectOption({ label: 'Reception' });
  await page.getByRole('button', { name: 'Create class' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'RA' })).toBeVisible();
  // Two pupils with gaps in their sounds: keep-up groups appear.
  await screening(page, 'Abdi, Ibrahim', 8);
  await screening(page, 'Ali, Yusuf', 12);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home practice' }).click();
  await expect(page).toHaveURL(/\/home-practice$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Home practice' })).toBeVisible();
  const classSelect = page.getByLabel('Class', { exact: true });
  await expect(classSelect.locator('option')).toHaveText(['RA', '1H']);
  await expect(classSelect.locator('option:checked')).toHaveText('RA');
  const onePupil = page.locator('section', { has: page.getByRole('heading', { name: 'One pupil' }) });
  await expect(onePupil.getByRole('link')).toHaveCount(0);
  await expect(onePupil).toContainText('No pupils in this class yet');
  await expect(page.getByText('No groups yet: they appear once pupils have had GPC or screening checks.')).toBeVisible();
  await screenshot(page, 'home-practice-picker-empty-class');

  // 1H: every pupil on the register, and the keep-up groups from the two checks.
  await classSelect.selectOption({ label: '1H' });
  await expect(onePupil.getByRole('link')).toHaveCount(29); // the 29 pupils imported
  await expect(onePupil.getByRole('link', { name: 'Ibrahim Abdi' })).toBeVisible();
  const groups = page.locator('ul.groups li');
  await expect(groups.first()).toBeVisible();
  await expect(page.locator('ul.groups')).toContainText('Ibrahim');
  await expect(page.locator('ul.groups')).toContainText('Yusuf');
  await screenshot(page, 'home-practice-picker');
  await expectAccessible(page);

  // One pupil: a pack from their next sounds, with nothing about them in the link or QR code.
  await onePupil.getByRole('link', { name: 'Ibrahim Abdi' }).click();
  await expect(page).toHaveURL(/\/home-practice\?pupil=/);
  await expect(page.getByText('A practice pack for Ibrahim, from their next sounds to learn.')).toBeVisible();
  const pupilLink = await page.getByTestId('pack-link').inputValue();
  expect(pupilLink).toMatch(new RegExp(`^${baseURL!.replace(/[.]/g, '\\.')}/practice#p1\\.[A-Za-z0-9_-]+$`));
  expectNothingAboutPupils(pupilLink);
  expect(pupilLink).not.toContain(new URL(page.url()).searchParams.get('pupil')!);
  await expect(page.getByTestId('pack-qr').locator('svg')).toBeVisible();
  await screenshot(page, 'home-practice-pupil-pack');
  expect(await readQrInView(page)).toBe(pupilLink);

  // Back to the picker, which remembers the class; now a keep-up group's pack.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home practice' }).click();
  await expect(page).toHaveURL(/\/home-practice$/);
  await expect(classSelect.locator('option:checked')).toHaveText('1H');
  const group = groups.filter({ hasText: 'Ibrahim' }).first();
  const groupHref = (await group.getByRole('link', { name: 'Make group pack' }).getAttribute('href'))!;
  const groupGpcs = new URL(groupHref, baseURL).searchParams.get('gpcs')!.split(',');
  expect(groupGpcs.length).toBeGreaterThan(0);
  await group.getByRole('link', { name: 'Make group pack' }).click();
  await expect(page).toHaveURL(/\/home-practice\?gpcs=/);
  await expect(page.getByText('A practice pack for a keep-up group: the same link for every family in the group.')).toBeVisible();
  const groupLink = await page.getByTestId('pack-link').inputValue();
  expect(groupLink).toMatch(/\/practice#p1\./);
  expectNothingAboutPupils(groupLink);
  // The pack practises the group's sounds.
  const packGpcs = payloadOf(groupLink).split('|')[0].split(',');
  for (const gpc of groupGpcs) expect(packGpcs).toContain(gpc);
  await screenshot(page, 'home-practice-group-pack');
  expect(await readQrInView(page)).toBe(groupLink);
});

test('practice mode on a phone: every card type earns a star, the timer runs, the guide opens', async ({ page }) => {
  await page.clock.install();
  // Phase 3 sounds: the pack then has a passage to read together, too.
  const link = await groupLink(page, 'ai,ee,igh,oa');
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Home practice' })).toBeVisible();
  await expectNoSchoolChrome(page);
  await expect(stars(page)).toHaveText('★ 0 today · start a streak today');
  await expect(page.getByText(/not your child's name or any results/)).toBeVisible();
  await screenshot(page, 'practice-menu-390x844');
  await expectAccessible(page);

  let earned = 0;
  earned += await practiseDeck(page, 'Sounds', async (i) => {
    const card = page.getByTestId('practice-card');
    await expect(card.locator('.practice-grapheme')).not.toBeEmpty();
    await expect(card).toContainText('Say the sound');
    if (i === 0) await screenshot(page, 'practice-sound-390x844');
  });
  earned += await practiseDeck(page, 'Words', async (i) => {
    const word = page.getByTestId('sound-button-word');
    const buttons = word.getByRole('button', { name: /^Sound button/ });
    expect(await buttons.count()).toBeGreaterThan(0);
    await expect(word.locator('.sb-letter.lit')).toHaveCount(0);
    await buttons.first().click();
    await expect(buttons.first()).toHaveAttribute('aria-pressed', 'true');
    await expect(word.locator('.sb-letter.lit').first()).toBeVisible();
    // The grid placement reaches the page (set through the CSS object model, which the CSP allows).
    const letters = await word.locator('.sb-letter').count();
    expect(await word.evaluate((el) => (el as HTMLElement).style.getPropertyValue('--letters'))).toBe(String(letters));
    expect(await word.locator('.sb-letter').last().evaluate((el) => (el as HTMLElement).style.gridColumnStart)).toBe(String(letters));
    expect(await buttons.first().evaluate((el) => (el as HTMLElement).style.gridRowStart)).toMatch(/^[23]$/);
    if (i === 0) {
      await page.getByText('Tip for grown-ups').click();
      await expect(page.getByText(/sound buttons/).first()).toBeVisible();
      await screenshot(page, 'practice-word-390x844');
      await expectAccessible(page);
    }
  });
  earned += await practiseDeck(page, 'Alien words', async (i) => {
    await expect(page.getByTestId('practice-card')).toContainText('An alien word: sound it out!');
    await expect(page.getByTestId('sound-button-word')).toBeVisible();
    if (i === 0) await screenshot(page, 'practice-alien-390x844');
  });
  earned += await practiseDeck(page, 'Tricky words', async (i) => {
    await expect(page.getByTestId('practice-card')).toContainText('A tricky word: read it on sight');
    await expect(page.getByTestId('practice-card').locator('.practice-word')).not.toBeEmpty();
    if (i === 0) await screenshot(page, 'practice-tricky-390x844');
  });
  await expect(stars(page)).toContainText(`★ ${earned} today · 1 day in a row`);

  // Reading together, with the one-minute timer on a fake clock.
  await page.getByRole('button', { name: 'Read together' }).click();
  await expect(page.getByTestId('practice-passage').getByRole('heading', { level: 2 })).not.toBeEmpty();
  await page.getByRole('button', { name: 'Start a one-minute timer' }).click();
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText('1:00');
  await page.clock.runFor(1_000);
  await expect(timer).toHaveText('0:59');
  await page.clock.runFor(29_000);
  await expect(timer).toHaveText('0:30');
  await screenshot(page, 'practice-passage-390x844');
  await page.clock.runFor(30_000);
  await expect(page.getByText('Time! How far did you get?')).toBeVisible();
  await page.clock.runFor(5_000); // the timer has stopped: the message stays
  await expect(page.getByText('Time! How far did you get?')).toBeVisible();
  await page.getByRole('button', { name: 'We read it ★' }).click();
  await expect(stars(page)).toContainText(`★ ${earned + 1} today`);

  // Stars are kept on this phone.
  await page.reload();
  await expect(stars(page)).toContainText(`★ ${earned + 1} today`);

  await page.getByRole('button', { name: 'How to help your child practise' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'How to help your child practise' })).toBeVisible();
  expect(await page.locator('.guide h3').count()).toBeGreaterThan(1);
  await screenshot(page, 'practice-guide-390x844');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Back to practice' }).click();
  await expect(page.getByRole('navigation', { name: 'Practice' })).toBeVisible();
  await expectNoSchoolChrome(page);
});

test('practice mode works offline once the app is installed', async ({ page, context }) => {
  await installOffline(page, '/');
  const link = await groupLink(page);
  await page.goto(link);
  await expect(page.getByRole('navigation', { name: 'Practice' })).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Practice' })).toBeVisible();
  await page.getByRole('button', { name: /^Sounds \(\d+\)$/ }).click();
  await expect(page.getByTestId('practice-card').locator('.practice-grapheme')).not.toBeEmpty();
  await page.getByRole('button', { name: 'Next ★' }).click();
  await expect(stars(page)).toContainText('★ 1 today');
  // A fresh tab, offline, straight to the link.
  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByRole('navigation', { name: 'Practice' })).toBeVisible();
  await again.close();
  await context.setOffline(false);
});

test('a damaged link says so, and practice mode shows no school data on a tablet that has some', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await importSample(page);
  await openPupil(page, 'Abdi, Ibrahim');
  await page.getByRole('link', { name: 'Home practice pack' }).click();
  const link = await page.getByTestId('pack-link').inputValue();

  // The good link first: no names, no UPNs, no way back into the school app.
  await page.goto(link);
  await expect(page.getByRole('navigation', { name: 'Practice' })).toBeVisible();
  await expectNoSchoolChrome(page);
  await expectNoPupilData(page);

  // One character changed in the middle of the fragment.
  const hash = link.indexOf('#');
  const at = hash + Math.floor((link.length - hash) / 2);
  const swapped = link[at] === 'A' ? 'B' : 'A';
  const tampered = link.slice(0, at) + swapped + link.slice(at + 1);
  expect(tampered).not.toBe(link);
  await page.goto('/'); // a real navigation to the tampered link, not only a hash change
  await appReady(page);
  await page.goto(tampered);
  const error = page.getByTestId('pack-error');
  await expect(error).toHaveText('This practice link is damaged or incomplete — ask the teacher for a new one.');
  await expect(page.getByRole('navigation', { name: 'Practice' })).toHaveCount(0);
  await expect(stars(page)).toHaveCount(0);
  await expectNoSchoolChrome(page);
  await expectNoPupilData(page);
  await screenshot(page, 'practice-damaged-link-390x844');
  await expectAccessible(page);

  // Cut short, too.
  await page.goto(link.slice(0, link.length - 10));
  await expect(page.getByTestId('pack-error')).toContainText('damaged or incomplete');

  // Without any fragment: a plain explanation, still nothing from school.
  await page.goto('/practice');
  await expect(page.getByText(/Open the practice link or scan the QR code/)).toBeVisible();
  await expectNoSchoolChrome(page);
  await expectNoPupilData(page);
});

test('practice cards are big enough for a child on a phone, with sound buttons under the letters', async ({ page }) => {
  const link = await groupLink(page, 'ai,ee,igh,oa');
  await page.goto(link);
  await page.getByRole('button', { name: /^Sounds \(\d+\)$/ }).click();
  const grapheme = page.getByTestId('practice-card').locator('.practice-grapheme');
  await expect(grapheme).not.toBeEmpty();
  const graphemeSize = await grapheme.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(graphemeSize, 'sound card font size (px)').toBeGreaterThanOrEqual(48);

  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('button', { name: /^Words \(\d+\)$/ }).click();
  const word = page.getByTestId('sound-button-word');
  const letters = word.locator('.sb-letter');
  const letterSize = await letters.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(letterSize, 'word card font size (px)').toBeGreaterThanOrEqual(40);
  await screenshot(page, 'practice-word-layout-390x844');
  // Each sound button sits below the letters, within the word's width, and is big enough to tap.
  const lettersBottom = Math.max(...(await letters.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom))));
  const left = Math.min(...(await letters.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left))));
  const right = Math.max(...(await letters.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))));
  const buttons = await word.getByRole('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  expect(buttons.length).toBeGreaterThan(0);
  for (const b of buttons) {
    expect(b.top, 'button below the letters').toBeGreaterThanOrEqual(lettersBottom - 2);
    expect(b.left).toBeGreaterThanOrEqual(left - 2);
    expect(b.right).toBeLessThanOrEqual(right + 2);
    expect(b.height, 'tap target height').toBeGreaterThanOrEqual(24);
  }
});

test('the printed slip has the QR code and the whole link a parent can type', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  const link = await groupLink(page, 'ai,ee,igh,oa');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByTestId('pack-qr')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print slip' })).toBeHidden();
  // Notes for the teacher stay off the parent's paper.
  await expect(page.getByText('A practice pack for a keep-up group')).toBeHidden();
  await screenshot(page, 'practice-slip-print');
  expect(await readQr(page)).toBe(link);
  // "type the link below": all of it must be on the paper, not cut off inside a text box.
  const field = page.getByTestId('pack-link');
  const { scrollWidth, clientWidth } = await field.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  const printedInFull = (await page.locator('.pack-slip').innerText()).includes(link) || scrollWidth <= clientWidth;
  expect(printedInFull, `the printed link box shows ${clientWidth}px of ${scrollWidth}px`).toBe(true);
});
