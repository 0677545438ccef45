// trunk post_build hook: runs over the staged build before it replaces dist/.
// 1. Adds the sha256 of every inline <script> (trunk's wasm loader) to the CSP's script-src,
//    so the policy can stay 'self' without 'unsafe-inline'.
//    With READBY7_SYNC_ORIGIN set (e.g. https://couch.example.org), adds that origin to the
//    CSP's connect-src, for a school sync server on another origin (tools/csp.mjs); a value
//    that is not an https origin (or http://127.0.0.1 / localhost) fails the build.
// 2. Stamps a build id (a hash over every staged file) into a meta tag the app shows.
// 3. Writes a copy of index.html for every route a plain static host must open cold
//    (`practice/index.html`...) and `404.html` (see src/domain/entry.rs).
// 4. Generates sw.js with workbox-build: precaches every file of this build (hashed names too,
//    the copies of index.html and the compressed files not) and serves index.html for any
//    in-app URL, so the app loads with no network.
// 5. Writes `.br` (brotli 11) and `.gz` (gzip 9) beside every text and wasm file, for servers
//    that send precompressed files (tools/serve.mjs, nginx gzip_static/brotli_static, IIS...).
// Running it again over a built folder re-stamps it (the e2e update test makes a "new build" so).
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';
import { generateSW } from 'workbox-build';
import { compressedCopy, compressible, hashedName, indexCopies, walk } from './dist-files.mjs';
import { OriginError, connectSrc, parseSyncOrigins, withConnectSrc } from './csp.mjs';

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
let syncOrigins;
try {
  syncOrigins = parseSyncOrigins(process.env.READBY7_SYNC_ORIGIN);
  html = withConnectSrc(html, syncOrigins);
} catch (err) {
  if (!(err instanceof OriginError)) throw err;
  console.error(`post-build: READBY7_SYNC_ORIGIN: ${err.message}`);
  process.exit(1);
}
const wantConnectSrc = connectSrc(html);

const build = createHash('sha256');
for (const file of walk(staging)) {
  // Files this hook writes are left out, so running it again gives the same id.
  if (file === 'index.html' || file === 'sw.js' || indexCopies.includes(file) || compressedCopy.test(file)) continue;
  build.update(file);
  build.update(await readFile(join(staging, file)));
}
build.update(html);
const buildId = build.digest('hex').slice(0, 12);
html = html.replace('</head>', `<meta name="readby7-build" content="${buildId}"></head>`);
await writeFile(indexPath, html);
for (const copy of indexCopies) {
  await mkdir(dirname(join(staging, copy)), { recursive: true });
  await writeFile(join(staging, copy), html);
}

// Every HTML file of the build carries the same connect-src (they are all index.html again).
for (const file of walk(staging).filter((f) => f.endsWith('.html'))) {
  const found = connectSrc(await readFile(join(staging, file), 'utf8'));
  if (found !== wantConnectSrc) {
    console.error(`post-build: ${file} has "${found}" where the build sets "${wantConnectSrc}"`);
    process.exit(1);
  }
}

const { count, size, warnings } = await generateSW({
  globDirectory: staging,
  globPatterns: ['**/*'],
  // The service worker answers every in-app URL with index.html, so the copies are not needed
  // offline; and it precaches the plain files only (the browser decompresses on the wire).
  globIgnores: ['sw.js', '**/*.br', '**/*.gz', ...indexCopies],
  swDest: join(staging, 'sw.js'),
  mode: 'production',
  sourcemap: false,
  inlineWorkboxRuntime: true,
  cleanupOutdatedCaches: true,
  // A new worker waits until the user accepts the update, so one page never mixes two builds.
  skipWaiting: false,
  clientsClaim: false,
  navigateFallback: '/index.html',
  // The school database on the same origin is never the app.
  navigateFallbackDenylist: [/^\/db(\/|$)/],
  // trunk's hashed names are immutable: no need to cache-bust them.
  dontCacheBustURLsMatching: hashedName,
  maximumFileSizeToCacheInBytes: 10 * 1024 * 1024,
});
for (const w of warnings) console.warn(`post-build: ${w}`);

// Last, so every file above (sw.js and the copies of index.html included) has its copies.
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const unbrotli = promisify(brotliDecompress);
const gunzipped = promisify(gunzip);
/** A run over a folder already built (the e2e update test) keeps copies that still decode to
 *  the file: brotli 11 of the wasm takes many seconds, decoding it a few milliseconds. */
async function stillCopiesOf(path, data) {
  try {
    const [br, gz] = await Promise.all([
      readFile(`${path}.br`).then((b) => unbrotli(b)),
      readFile(`${path}.gz`).then((g) => gunzipped(g)),
    ]);
    return br.equals(data) && gz.equals(data);
  } catch {
    return false; // missing or unreadable: write them
  }
}
let compressed = 0;
await Promise.all(
  walk(staging)
    .filter((file) => compressible.test(file))
    .map(async (file) => {
      const path = join(staging, file);
      const data = await readFile(path);
      if (await stillCopiesOf(path, data)) return;
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            [constants.BROTLI_PARAM_MODE]: file.endsWith('.wasm') ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
          },
        }),
        gzipped(data, { level: 9 }),
      ]);
      // Written even when no smaller, so a server never pairs a new file with an old copy.
      await writeFile(`${path}.br`, br);
      await writeFile(`${path}.gz`, gz);
      compressed += 1;
    }),
);
console.log(`post-build: build ${buildId}, CSP hashes ${hashes.length}, ${wantConnectSrc}, service worker precaches ${count} files (${size} bytes), ${indexCopies.length} copies of index.html, ${compressed} files precompressed`);
