// ReadBy7 benchmarks, run in headless Chromium against the release build (./dev.sh bench).
// Timings come from performance.now() inside the page, over several runs, and are reported as
// median and p95: the machines are shared and noisy, so nothing here asserts a time.
//
//   node bench/run.mjs [name...]   names: import, taps, lead, sync (default: all)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

/** Tap-to-stored latency over 200 taps in a screening check, beside a plain IndexedDB put of
 *  the same session record as the floor. */
async function benchTaps(page) {
  await page.goto(`${base}/import`);
  await page.getByLabel('Class list file (CSV)').setInputFiles(resolve(root, 'assets/samples/sample-class.csv'));
  await page.getByRole('button', { name: /^Import \d+ pupils$/ }).click();
  await page.getByRole('link', { name: /^Open / }).click();
  await page.locator('table.pupils tbody tr a').first().click();
  await page.getByRole('button', { name: /screening check/ }).click();
  await page.getByRole('button', { name: 'Start the check' }).click();
  await page.evaluate(() => performance.clearMeasures('readby7:tap-to-stored'));
  const words = page.getByTestId('check-page').locator('ul.words > li');
  const taps = 200;
  // Change marks on the first three words of page 1 (the page never completes, so it stays).
  for (let t = 0; t < taps; t++) {
    const li = words.nth(t % 3);
    await li.getByRole('button', { name: t % 2 ? /^Incorrect: / : /^Correct: / }).click();
    await page.waitForTimeout(15);
  }
  await page.waitForFunction((n) => performance.getEntriesByName('readby7:tap-to-stored').length >= n, taps);
  const app = await page.evaluate(() => performance.getEntriesByName('readby7:tap-to-stored').map((e) => e.duration));

  // The floors: the same record put with plain IndexedDB, one transaction per put, in this
  // page. (a) from a real tap on a plain button, so the browser's own input and frame work is
  // included as it is for the app; (b) with no tap at all, the bare cost of a put.
  await page.evaluate(async () => {
    const open = (name, upgrade) => new Promise((ok, fail) => {
      const req = indexedDB.open(name, upgrade ? 1 : undefined);
      if (upgrade) req.onupgradeneeded = () => req.result.createObjectStore('sessions', { keyPath: 'id' });
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const app = await open('readby7');
    const record = await new Promise((ok) => {
      const req = app.transaction('sessions').objectStore('sessions').getAll();
      req.onsuccess = () => ok(req.result.find((s) => s.status === 'InProgress'));
    });
    app.close();
    const db = await open('readby7-bench-floor', true);
    window.__floor = { db, record, tapped: [] };
    const button = document.createElement('button');
    button.id = 'floor-tap';
    button.textContent = 'floor';
    button.addEventListener('click', (e) => {
      const start = e.timeStamp;
      const tx = db.transaction('sessions', 'readwrite');
      tx.objectStore('sessions').put({ ...record, updated_at: new Date().toISOString() });
      tx.oncomplete = () => window.__floor.tapped.push(performance.now() - start);
    });
    document.querySelector('.page-nav').append(button);
  });
  for (let t = 0; t < taps; t++) {
    await page.locator('#floor-tap').click();
    await page.waitForTimeout(15);
  }
  await page.waitForFunction((n) => window.__floor.tapped.length >= n, taps);
  const tapFloor = await page.evaluate(() => window.__floor.tapped);
  const bareFloor = await page.evaluate(async (n) => {
    const { db, record } = window.__floor;
    const samples = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      await new Promise((ok, fail) => {
        const tx = db.transaction('sessions', 'readwrite');
        tx.objectStore('sessions').put({ ...record, updated_at: new Date().toISOString() });
        tx.oncomplete = ok;
        tx.onerror = () => fail(tx.error);
      });
      samples.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 15));
    }
    db.close();
    return samples;
  }, taps);
  report('tap to stored (tap event to IndexedDB commit), screening check', 'ms', 'p95 under 16 ms and under 2x the floor', app);
  report('floor (a): a tap on a plain button that puts the same record', 'ms', '-', tapFloor);
  report('floor (b): the same put with no tap', 'ms', '-', bareFloor);
  console.log(`tap-to-stored p95 / floor (a) p95: ${(stats(app).p95 / stats(tapFloor).p95).toFixed(2)}x`);
}

/** The reading lead's view on the demo school (about 600 pupils, 3 screening and 3 fluency
 * checks each): from choosing "Whole school" (the change event) to the next frame painted, a
 * `performance.measure` the app records. Alternates with Year 1 so each choice recomputes. */
async function benchLead(page) {
  await page.goto(`${base}/progress`);
  await page.getByTestId('enter-demo').click();
  await page.getByTestId('headline-met').waitFor({ timeout: 60_000 });
  const scope = page.getByLabel('Who');
  const runs = 25;
  for (let i = 0; i < runs; i++) {
    await scope.selectOption({ label: 'Year 1' });
    await page.waitForFunction((n) => performance.getEntriesByName('readby7:lead-view').length >= n, 2 * i + 1);
    await scope.selectOption({ label: 'Whole school' });
    await page.waitForFunction((n) => performance.getEntriesByName('readby7:lead-view').length >= n, 2 * i + 2);
  }
  const all = await page.evaluate(() => performance.getEntriesByName('readby7:lead-view').map((e) => e.duration));
  report('lead view: choose "Whole school" to painted (demo school, 600 pupils)', 'ms', 'under 200 ms', all.filter((_, i) => i % 2 === 1));
  await page.getByRole('button', { name: 'Leave demo mode' }).click();
}


/** Tap-to-stored in a screening check on `page` (already on a pupil's check start page): `taps`
 *  taps on the first three words of page 1; returns the durations the app measured. */
async function tapRun(page, taps) {
  await page.getByRole('button', { name: 'Start the check' }).click();
  await page.evaluate(() => performance.clearMeasures('readby7:tap-to-stored'));
  const words = page.getByTestId('check-page').locator('ul.words > li');
  for (let t = 0; t < taps; t++) {
    await words.nth(t % 3).getByRole('button', { name: t % 2 ? /^Incorrect: / : /^Correct: / }).click();
    await page.waitForTimeout(30);
  }
  await page.waitForFunction((n) => performance.getEntriesByName('readby7:tap-to-stored').length >= n, taps);
  return page.evaluate(() => performance.getEntriesByName('readby7:tap-to-stored').map((e) => e.duration));
}

/** A class of its own with one new pupil, on that pupil's screening check start page. */
async function newPupilCheck(page, origin, className, surname) {
  await page.goto(`${origin}/classes`);
  await page.getByRole('button', { name: 'New class' }).click();
  await page.getByLabel('Class name').fill(className);
  await page.getByLabel('Year group').selectOption({ label: 'Year 1' });
  await page.getByRole('button', { name: 'Create class' }).click();
  await page.getByRole('link', { name: 'Add a pupil' }).click();
  await page.getByLabel('Forename').fill('Tap');
  await page.getByLabel('Surname').fill(surname);
  await page.getByLabel('Date of birth').fill(`${new Date().getFullYear() - 6}-01-14`);
  await page.getByRole('button', { name: 'Add pupil' }).click();
  await page.getByRole('link', { name: `${surname}, Tap` }).click();
  await page.getByRole('button', { name: /screening check/ }).click();
}

/** School sync (issue 16): the demo school (600 pupils, 3 screening and 3 fluency checks each)
 *  pushed from one device into an empty school database on the embedded server, then pulled
 *  into an empty second device; and tap-to-stored with sync running beside the same device with
 *  sync left. */
async function benchSync(page) {
  const browser = page.context().browser();
  const syncPort = Number(process.env.BENCH_SYNC_PORT ?? 8096);
  const origin = `http://127.0.0.1:${syncPort}`;
  const data = mkdtempSync(join(tmpdir(), 'readby7-bench-school-'));
  const password = 'bench-school-password';
  const server = spawn(process.execPath, [resolve(root, 'tools/serve.mjs'), resolve(root, 'dist'), '--host', '127.0.0.1', '--port', String(syncPort), '--school-data', data, '--school-user', 'bench'], { stdio: 'ignore', env: { ...process.env, READBY7_SCHOOL_PASSWORD: password } });
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${origin}/db/`)).ok) break; } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const a = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    // The demo school, copied into the real database (the demo itself never syncs).
    await a.goto(`${origin}/progress`);
    await a.getByTestId('enter-demo').click();
    await a.getByTestId('headline-met').waitFor({ timeout: 120_000 });
    await a.getByRole('button', { name: 'Leave demo mode' }).click();
    await a.getByRole('navigation', { name: 'Main' }).waitFor();
    const copied = await a.evaluate(async () => {
      const open = (name) => new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      const [demo, real] = [await open('readby7-demo'), await open('readby7')];
      const counts = {};
      for (const store of ['classes', 'pupils', 'sessions']) {
        const all = await new Promise((ok, fail) => { const r = demo.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
        await new Promise((ok, fail) => { const tx = real.transaction(store, 'readwrite'); all.forEach((v) => tx.objectStore(store).put(v)); tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
        counts[store] = all.length;
      }
      demo.close(); real.close();
      return counts;
    });
    console.log(`sync: the demo school copied into device A: ${JSON.stringify(copied)}`);
    await a.goto(`${origin}/settings`);
    const card = a.getByTestId('school-sync');
    await card.getByRole('button', { name: 'Set up sync for the school (first device)' }).click();
    await card.getByLabel('Database').fill('school');
    await card.getByLabel('CouchDB user').fill('bench');
    await card.getByLabel('CouchDB password').fill(password);
    let start = Date.now();
    await card.getByRole('button', { name: 'Create the school key and start syncing' }).click();
    await a.getByTestId('sync-status').filter({ hasText: /^Synced/ }).waitFor({ timeout: 600_000 });
    const push = (Date.now() - start) / 1000;
    await a.getByRole('button', { name: 'Show the code for another device' }).click();
    const link = await a.getByTestId('join-link').inputValue();

    const b = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    start = Date.now();
    await b.goto(link);
    await b.getByRole('button', { name: 'Join school sync' }).click();
    await b.getByTestId('sync-status').filter({ hasText: /^Synced/ }).waitFor({ timeout: 600_000 });
    const pull = (Date.now() - start) / 1000;
    const pulled = await b.evaluate(async () => {
      const db = await new Promise((ok, fail) => { const r = indexedDB.open('readby7'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      const n = await new Promise((ok) => { const r = db.transaction('sessions').objectStore('sessions').count(); r.onsuccess = () => ok(r.result); });
      db.close();
      return n;
    });
    console.log(`sync: push of the demo school into an empty database: ${push.toFixed(1)} s (target: under 30 s)`);
    console.log(`sync: pull into an empty device: ${pull.toFixed(1)} s, ${pulled} sessions (target: under 30 s)`);

    // Tap to stored on device A with sync on (each run of taps starts a round 4 s later, over
    // the 600 pupils), then the same run after leaving sync.
    await newPupilCheck(a, origin, 'Bench A', 'Withsync');
    const withSync = await tapRun(a, 120);
    await a.goto(`${origin}/settings`);
    await a.getByRole('button', { name: 'Leave school sync' }).click();
    await a.getByRole('button', { name: 'Yes, leave school sync' }).click();
    await a.getByRole('button', { name: 'Join your school\'s sync' }).waitFor();
    await newPupilCheck(a, origin, 'Bench B', 'Without');
    const without = await tapRun(a, 120);
    report('tap to stored with school sync running (600-pupil school)', 'ms', 'p95 within 1.2x of without', withSync);
    report('tap to stored, same device, sync left', 'ms', '-', without);
    console.log(`tap-to-stored p95 with sync / without: ${(stats(withSync).p95 / stats(without).p95).toFixed(2)}x (target: at most 1.2x)`);
    await a.context().close();
    await b.context().close();
  } finally {
    server.kill();
    rmSync(data, { recursive: true, force: true });
  }
}

const benches = { import: benchImport, taps: benchTaps, lead: benchLead, sync: benchSync };
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
