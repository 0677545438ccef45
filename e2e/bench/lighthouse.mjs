// Lighthouse 13 (performance only) against pages of a running server, printed as a table.
//
//   node bench/lighthouse.mjs http://127.0.0.1:8080/classes [more URLs] [--runs 3] [--json out.json]
//
// Simulated mobile (Lighthouse's default Moto G Power profile: slow 4G, 4x CPU slowdown) with
// `--throttling-method=simulate`: the figures come from Lighthouse's model of the trace, so they
// are stable on a shared machine. Each run gets a fresh Chromium profile (no service worker,
// no cache), i.e. a first visit. With --runs N the row shows the run with the median score.
// The system Chromium is used (CHROME_PATH overrides it); the server must already be running.
import { writeFile } from 'node:fs/promises';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const args = process.argv.slice(2);
const urls = [];
let runs = 1;
let jsonOut = null;
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--runs') runs = Number(args[(i += 1)]);
  else if (args[i] === '--json') jsonOut = args[(i += 1)];
  else urls.push(args[i]);
}
if (urls.length === 0 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/lighthouse.mjs URL [URL...] [--runs N] [--json out.json]');
  process.exit(2);
}
for (const url of urls) {
  const host = new URL(url).hostname;
  // Lighthouse loads the page in a real browser: only a server on this machine is allowed.
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    console.error(`lighthouse: ${url} is not on this machine; measure a local server only.`);
    process.exit(2);
  }
}

const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

async function measure(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags,
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      formFactor: 'mobile',
      throttlingMethod: 'simulate',
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const requests = lhr.audits['network-requests']?.details?.items ?? [];
    return {
      url,
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      fcp_ms: Math.round(audit('first-contentful-paint')),
      lcp_ms: Math.round(audit('largest-contentful-paint')),
      tbt_ms: Math.round(audit('total-blocking-time')),
      speed_index_ms: Math.round(audit('speed-index')),
      total_bytes: Math.round(audit('total-byte-weight')),
      requests: requests.length,
      lighthouse: lhr.lighthouseVersion,
    };
  } finally {
    await chrome.kill();
  }
}

const rows = [];
for (const url of urls) {
  const all = [];
  for (let r = 0; r < runs; r += 1) all.push(await measure(url));
  all.sort((a, b) => a.score - b.score || a.lcp_ms - b.lcp_ms);
  rows.push(all[Math.floor(all.length / 2)]);
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kb = (bytes) => `${Math.round(bytes / 1000)} kB`;
const table = [
  ['page', 'score', 'FCP', 'LCP', 'TBT', 'Speed Index', 'bytes', 'requests'],
  ...rows.map((r) => [
    new URL(r.url).pathname,
    String(r.score),
    seconds(r.fcp_ms),
    seconds(r.lcp_ms),
    `${r.tbt_ms} ms`,
    seconds(r.speed_index_ms),
    kb(r.total_bytes),
    String(r.requests),
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
console.log(`Lighthouse ${rows[0].lighthouse}, simulated mobile (slow 4G, 4x CPU), first visit`);
for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(rows, null, 2)}\n`);
