import { defineConfig } from '@playwright/test';
import base, { baseURL, port } from './playwright.config';

// The cold-link journeys (`tests/*.plain.spec.ts`) against a plain static server, as a school's
// web server or GitHub Pages behaves with no extra rules: Python's http.server serves files and
// nothing else. No single-page fallback (an unknown path is a 404), no compression, and a
// folder without its trailing slash is answered with a 301 to `folder/` (GitHub Pages, nginx
// and IIS do the same), which then serves `folder/index.html`. With no service worker either
// (`serviceWorkers: 'block'`), every page these tests open comes from the server alone.
export default defineConfig({
  ...base,
  testIgnore: undefined,
  testMatch: /\.plain\.spec\.ts$/,
  outputDir: './test-results-plain',
  reporter: [['list'], ['json', { outputFile: 'test-results-plain/results.json' }]],
  use: { ...base.use, serviceWorkers: 'block' },
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ../dist`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 30_000,
    // http.server logs every request on stderr.
    stderr: 'ignore',
  },
});
