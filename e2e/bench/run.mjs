// ReadBy7 benchmarks, run in headless Chromium against the release build (./dev.sh bench).
// Timings come from performance.now() inside the page, over several runs, and are reported as
// median and p95: the machines are shared and noisy, so nothing here asserts a time.
//
//   node bench/run.mjs [name...]   names: import (default: all)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const port = Number(process.env.BENCH_PORT ?? 8097);
const base = `http://127.0.0.1:${port}`;
const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { n: s.length, min: s[0], p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

function report(name, unit, target, samples) {
  const r = stats(samples);
  const f = (x) => x.toFixed(1);
  console.log(`${name}: n=${r.n} min ${f(r.min)} p50 ${f(r.p50)} p95 ${f(r.p95)} max ${f(r.max)} ${unit} (target: ${target})`);
}

/** A class list as an MIS exports it: 2,000 pupils over 60 classes, valid UPNs, flags. */
function schoolCsv(rows) {
  const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
  const upn = (serial) => {
    const rest = `2022999${String(20).padStart(2, '0')}${String(serial).padStart(3, '0')}`.slice(0, 12);
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(rest[i]) * (i + 2);
    return letters[sum % 23] + rest;
  };
  const forenames = ['Amara', 'Zoë', 'Łukasz', 'Mohammed', 'Aisha', 'Oisín', 'Wei', 'Fatima', 'Kwame', 'Sofia'];
  const lines = ['UPN,Legal Surname,Legal Forename,DOB,Gender,NC Year,Reg Group,Pupil Premium,SEN Status,First Language'];
  for (let i = 0; i < rows; i++) {
    const name = (n) => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(n / 26 ** k) % 26))).join('');
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = (i % 12) + 1;
    // September 2020 to August 2021: Year 1 in 2026/27.
    const dob = `${day}/${String(month).padStart(2, '0')}/${month >= 9 ? 2020 : 2021}`;
    lines.push([
      i < 999 ? upn(i + 1) : '', `S${name(i)}`, forenames[i % 10], dob, i % 2 ? 'M' : 'F', '1',
      `1${'ABCDEFGHIJ'[i % 10]}${Math.floor(i / 200)}`, i % 4 === 0 ? 'Y' : 'N', i % 9 === 0 ? 'K' : 'N',
      i % 3 === 0 ? 'Polish' : 'English',
    ].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

async function benchImport(page) {
  await page.goto(`${base}/import`);
  await page.getByLabel('Class list file (CSV)').waitFor();
  const csv = schoolCsv(2000);
  const samples = [];
  for (let run = 0; run < 12; run++) {
    // From the change event to the preview painted: the file read, parse, preview and render.
    const ms = await page.evaluate(async (text) => {
      const input = document.getElementById('class-file');
      input.value = '';
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'school.csv', { type: 'text/csv' }));
      input.files = transfer.files;
      const painted = new Promise((done) => {
        const check = () => {
          const el = document.querySelector('[data-testid=count-add]');
          if (el && el.textContent === '2000') {
            observer.disconnect();
            requestAnimationFrame(() => done(performance.now()));
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const start = performance.now();
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return (await painted) - start;
    }, csv);
    if (run >= 2) samples.push(ms); // the first runs warm the wasm up
  }
  report('import preview, 2,000-row CSV (change event to preview painted)', 'ms', 'p50 under 300 ms', samples);
}

const benches = { import: benchImport };
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
const server = spawn(process.execPath, [resolve(root, 'tools/node_modules/sirv-cli/bin.js'), resolve(root, 'dist'), '--single', '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
try {
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(base)).ok) break; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  for (const name of chosen) {
    if (!benches[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
    await benches[name](page);
  }
  await browser.close();
} finally {
  server.kill();
}
