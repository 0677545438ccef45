import { defineConfig } from '@playwright/test';

// The system Chromium from Debian: Playwright's own browser download is not reachable here.
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const port = Number(process.env.E2E_PORT ?? 8099);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  // `*.plain.spec.ts` run against a plain static server: playwright.plain.config.ts.
  testIgnore: /\.plain\.spec\.ts$/,
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    serviceWorkers: 'allow',
    viewport: { width: 768, height: 1024 },
    // A classroom tablet in London: day-first dates in native date pickers.
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The release build in ../dist, served by `./dev.sh serve`'s server: precompressed files,
    // caching headers and the single-page fallback for in-app URLs (tools/serve.mjs). Without
    // the school database: tests that sync start their own (tests/school-server.ts), so none
    // touches the developer's school-data/.
    command: `node ../tools/serve.mjs ../dist --host 127.0.0.1 --port ${port} --no-school-db`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
