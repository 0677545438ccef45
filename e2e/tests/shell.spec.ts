import { test, expect, appReady, viewports, screenshot, expectAccessible } from './fixtures';

const pages = [
  { link: 'Classes', path: '/classes', heading: 'Classes' },
  { link: 'Run a check', path: '/check', heading: 'Run a check' },
  { link: 'Progress', path: '/progress', heading: 'Progress' },
  { link: 'Home practice', path: '/home-practice', heading: 'Home practice' },
  { link: 'Records', path: '/records', heading: 'Records' },
  { link: 'Settings', path: '/settings', heading: 'Settings' },
];

test('first load renders the app with its font, policy and no console error', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await expect(page).toHaveURL(/\/classes$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Classes' })).toBeVisible();

  // The Content-Security-Policy is in force with no 'unsafe-inline', and the app still started.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');

  // Andika is self-hosted and used for the page text.
  await page.evaluate(() => document.fonts.ready);
  const andikaLoaded = await page.evaluate(() => document.fonts.check('16px Andika'));
  expect(andikaLoaded).toBe(true);
  const family = await page.locator('h1').evaluate((el) => getComputedStyle(el).fontFamily);
  expect(family).toMatch(/^"?Andika/);
});

test('the manifest makes the app installable', async ({ page, request }) => {
  await page.goto('/');
  await appReady(page);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  const response = await request.get(href!);
  expect(response.ok()).toBe(true);
  const manifest = await response.json();
  expect(manifest.short_name).toBe('ReadBy7');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  const sizes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.ok(), icon.src).toBe(true);
    expect(res.headers()['content-type']).toBe('image/png');
  }
});

for (const vp of viewports) {
  test(`every navigation link works at ${vp.name} (${vp.width}×${vp.height})`, async ({ page }) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.goto('/');
    await appReady(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const p of pages) {
      const link = nav.getByRole('link', { name: p.link });
      await expect(link).toBeVisible();
      // Touch targets of at least 48 CSS pixels each way.
      const box = await link.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(48);
      expect(box!.width).toBeGreaterThanOrEqual(48);
      await link.click();
      await expect(page).toHaveURL(new RegExp(`${p.path}$`));
      await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
      await expect(link).toHaveAttribute('aria-current', 'page');
    }
    // Nothing overflows sideways on this screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `settings-${vp.name}`);
  });
}

test('the keyboard reaches every navigation link', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  const reached: string[] = [];
  for (let i = 0; i < 10 && reached.length < pages.length; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.closest('nav') ? el.innerText.trim() : null;
    });
    if (label && !reached.includes(label)) reached.push(label);
  }
  expect(reached).toEqual(pages.map((p) => p.link));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/settings$/);
});

test('an unknown address says so and links home', async ({ page }) => {
  await page.goto('/no-such-page');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to Classes' }).click();
  await expect(page).toHaveURL(/\/classes$/);
});

for (const p of [...pages, { link: '', path: '/no-such-page', heading: 'Page not found' }]) {
  test(`axe finds no serious or critical problem on ${p.path}`, async ({ page }) => {
    await page.goto(p.path);
    await appReady(page);
    await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
    await expectAccessible(page);
  });
}
