// trunk post_build hook: runs over the staged build before it replaces dist/.
// 1. Adds the sha256 of every inline <script> (trunk's wasm loader) to the CSP's script-src,
//    so the policy can stay 'self' without 'unsafe-inline'.
// 2. Stamps a build id (a hash over every staged file) into a meta tag the app shows.
// 3. Generates sw.js with workbox-build: precaches every file of this build (hashed names too)
//    and serves index.html for any in-app URL, so the app loads with no network.
// Running it again over a built folder re-stamps it (the e2e update test makes a "new build" so).
import { createHash } from 'node:crypto';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generateSW } from 'workbox-build';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set; run this through trunk.');
  process.exit(1);
}
const indexPath = join(staging, 'index.html');
let html = await readFile(indexPath, 'utf8');
html = html.replace(/<meta name="readby7-build" content="[^"]*">/, '');

const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
  console.error('post-build: expected trunk\'s inline loader script in index.html, found none.');
  process.exit(1);
}
const hashes = inline.map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
const cspPattern = /(script-src 'self' 'wasm-unsafe-eval')(?: 'sha256-[A-Za-z0-9+/=]+')*/;
if (!cspPattern.test(html)) {
  console.error('post-build: the Content-Security-Policy meta tag with script-src was not found.');
  process.exit(1);
}
html = html.replace(cspPattern, `$1 ${hashes.join(' ')}`);

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out.sort();
}
const build = createHash('sha256');
for (const path of await files(staging)) {
  if (path === indexPath || path.endsWith('sw.js')) continue;
  build.update(relative(staging, path));
  build.update(await readFile(path));
}
build.update(html);
const buildId = build.digest('hex').slice(0, 12);
html = html.replace('</head>', `<meta name="readby7-build" content="${buildId}"></head>`);
await writeFile(indexPath, html);

const { count, size, warnings } = await generateSW({
  globDirectory: staging,
  globPatterns: ['**/*'],
  globIgnores: ['sw.js'],
  swDest: join(staging, 'sw.js'),
  mode: 'production',
  sourcemap: false,
  inlineWorkboxRuntime: true,
  cleanupOutdatedCaches: true,
  // A new worker waits until the user accepts the update, so one page never mixes two builds.
  skipWaiting: false,
  clientsClaim: false,
  navigateFallback: '/index.html',
  // trunk's hashed names are immutable: no need to cache-bust them.
  dontCacheBustURLsMatching: /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/,
  maximumFileSizeToCacheInBytes: 10 * 1024 * 1024,
});
for (const w of warnings) console.warn(`post-build: ${w}`);
console.log(`post-build: build ${buildId}, CSP hashes ${hashes.length}, service worker precaches ${count} files (${size} bytes)`);
