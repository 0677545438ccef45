// WebKit deletes a website's data after 7 days without a visit unless it runs from the Home
// Screen: the Classes page says so in Safari on iPad and iPhone (with an illustrated guide to
// Add to Home Screen and the days since the last backup), says the data is safe once installed,
// and says nothing in desktop Chromium. The rule itself is src/domain/eviction.rs.
//
// Installed mode is emulated with an init script: Playwright's emulateMedia has no
// display-mode, so `matchMedia('(display-mode: standalone)')` and Safari's
// `navigator.standalone` are overridden before the app starts.
import { test, expect, appReady, expectAccessible, screenshot, type Page } from './fixtures';

const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
// iPadOS Safari asks for desktop sites by default, with a Mac's user agent.
const IPAD_DESKTOP = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const notice = (page: Page) => page.getByTestId('safari-notice');

async function openClasses(page: Page) {
  await page.goto('/classes');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Classes' })).toBeVisible();
}

/** A last backup `days` ago, as the Records page stores it. */
async function backedUp(page: Page, days: number) {
  await page.evaluate((d) => {
    localStorage.setItem('readby7.last-backup', JSON.stringify(new Date(Date.now() - d * 86_400_000).toISOString()));
  }, days);
}

async function expectTapTarget(page: Page, name: string) {
  const box = await notice(page).getByRole('link', { name }).boundingBox();
  expect(box!.height, `${name} height`).toBeGreaterThanOrEqual(48);
}

test.describe('Safari on an iPad, in a browser tab', () => {
  test.use({ userAgent: IPAD, viewport: { width: 768, height: 1024 }, hasTouch: true });

  test('warns that results may be deleted after a week and shows how to add to the Home Screen', async ({ page }) => {
    await openClasses(page);
    await expect(notice(page)).toBeVisible();
    await expect(notice(page).getByRole('heading', { level: 2 })).toHaveText("This browser may delete ReadBy7's results after a week away.");
    await expect(notice(page)).toContainText('On an iPad, Safari deletes everything a website keeps when it has not been opened for 7 days.');
    const guide = notice(page).getByRole('list', { name: 'How to add ReadBy7 to the Home Screen' });
    await expect(guide.getByRole('listitem')).toHaveCount(3);
    await expect(guide.getByRole('listitem').nth(0)).toContainText('Tap Share (the square with an arrow) at the top right');
    await expect(guide.getByRole('listitem').nth(1)).toContainText('tap Add to Home Screen, then Add');
    await expect(guide.locator('svg')).toHaveCount(2);
    await expect(page.getByTestId('days-since-backup')).toHaveText('No backup has been made on this device yet.');
    await expectTapTarget(page, 'Go to backups');
    await expectAccessible(page);
    await screenshot(page, 'safari-notice-ipad');

    await backedUp(page, 3);
    await openClasses(page);
    await expect(page.getByTestId('days-since-backup')).toHaveText('The last backup was made 3 days ago.');

    // It stays: other pages and coming back do not dismiss it.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Classes' }).click();
    await expect(notice(page)).toBeVisible();
    await notice(page).getByRole('link', { name: 'Go to backups' }).click();
    await expect(page).toHaveURL(/\/records#backup$/);
  });
});

test.describe('Safari on an iPad asking for desktop sites', () => {
  test.use({ userAgent: IPAD_DESKTOP, viewport: { width: 1024, height: 768 }, hasTouch: true });
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 }));
  });

  test('is still recognised as an iPad', async ({ page }) => {
    await openClasses(page);
    await expect(notice(page)).toContainText('On an iPad, Safari deletes');
    await expect(notice(page).getByRole('list', { name: 'How to add ReadBy7 to the Home Screen' })).toBeVisible();
  });
});

test.describe('Safari on an iPhone, in a browser tab', () => {
  test.use({ userAgent: IPHONE, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('shows the notice with the Share button where an iPhone has it', async ({ page }) => {
    await openClasses(page);
    await expect(notice(page)).toContainText('On an iPhone, Safari deletes');
    await expect(notice(page).getByRole('listitem').nth(0)).toContainText('at the bottom of the screen');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'sideways scroll (px)').toBeLessThanOrEqual(0);
    await expectTapTarget(page, 'Go to backups');
    await expectAccessible(page);
    await screenshot(page, 'safari-notice-iphone');
  });
});

test.describe('ReadBy7 installed on the Home Screen', () => {
  test.use({ userAgent: IPAD, viewport: { width: 768, height: 1024 }, hasTouch: true });
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      const real = window.matchMedia.bind(window);
      window.matchMedia = (query: string) => (query.includes('display-mode: standalone') ? real('all') : real(query));
      Object.defineProperty(Navigator.prototype, 'standalone', { get: () => true });
    });
  });

  test('says the data is safe from the 7-day rule and still reminds about backups', async ({ page }) => {
    await openClasses(page);
    await backedUp(page, 10);
    await openClasses(page);
    await expect(notice(page).getByRole('heading', { level: 2 })).toHaveText("ReadBy7 is installed: Safari's 7-day rule does not delete its data.");
    await expect(notice(page)).toContainText('back them up every week');
    await expect(notice(page).getByRole('list')).toHaveCount(0);
    await expect(page.getByTestId('days-since-backup')).toHaveText('The last backup was made 10 days ago.');
    await expectAccessible(page);
    await screenshot(page, 'safari-notice-installed');
  });
});

test('desktop Chromium shows no Safari notice', async ({ page }) => {
  await openClasses(page);
  await expect(page.getByRole('link', { name: 'Import a class list' }).first()).toBeVisible();
  await expect(notice(page)).toHaveCount(0);
});
