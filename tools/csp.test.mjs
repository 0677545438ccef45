// READBY7_SYNC_ORIGIN: the build-time connect-src origin (tools/csp.mjs, tools/post-build.mjs).
//   node --test tools/csp.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OriginError, connectSrc, parseSyncOrigins, withConnectSrc } from './csp.mjs';
import { indexCopies, walk } from './dist-files.mjs';

const postBuild = fileURLToPath(new URL('./post-build.mjs', import.meta.url));
const indexHtml = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
const temps = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('parseSyncOrigins', () => {
  test('takes https origins and loopback http, normalised', () => {
    assert.deepEqual(parseSyncOrigins(undefined), []);
    assert.deepEqual(parseSyncOrigins(''), []);
    assert.deepEqual(parseSyncOrigins('https://couch.example.org'), ['https://couch.example.org']);
    assert.deepEqual(parseSyncOrigins('https://Couch.Example.org:443/'), ['https://couch.example.org']);
    assert.deepEqual(parseSyncOrigins('https://couch.example.org:6984'), ['https://couch.example.org:6984']);
    assert.deepEqual(parseSyncOrigins('http://127.0.0.1:5984, http://localhost:5984 https://a.example'), [
      'http://127.0.0.1:5984',
      'http://localhost:5984',
      'https://a.example',
    ]);
  });

  test('refuses anything else with a message', () => {
    for (const bad of [
      'http://couch.example.org',
      'couch.example.org',
      'ftp://couch.example.org',
      'https://couch.example.org/db',
      'https://couch.example.org/?x=1',
      'https://user:pw@couch.example.org',
      'https://*.example.org',
      "https://a.example; script-src 'unsafe-inline'",
      'http://192.168.1.10:5984',
    ]) {
      assert.throws(() => parseSyncOrigins(bad), OriginError, bad);
    }
  });

  test('withConnectSrc changes connect-src only', () => {
    const html = withConnectSrc(indexHtml, ['https://couch.example.org']);
    assert.equal(connectSrc(html), "connect-src 'self' https://couch.example.org");
    assert.equal(html.replace(" https://couch.example.org", ''), indexHtml);
    assert.equal(withConnectSrc(html, []), indexHtml, 'a rebuild without the setting goes back to self');
  });
});

/** A staged build as trunk leaves it for the hook: index.html with its inline loader script. */
function staging() {
  const dir = mkdtempSync(join(tmpdir(), 'readby7-stage-'));
  temps.push(dir);
  const loader = "import init, * as bindings from '/readby7-0123456789abcdef.js';\ninit('/readby7-0123456789abcdef_bg.wasm');";
  writeFileSync(join(dir, 'index.html'), indexHtml.replace('</head>', `<script type="module">${loader}</script></head>`));
  writeFileSync(join(dir, 'readby7-0123456789abcdef.js'), 'export default function init() {}\n');
  return { dir, loader };
}

function runPostBuild(dir, origin) {
  const env = { ...process.env, TRUNK_STAGING_DIR: dir };
  delete env.READBY7_SYNC_ORIGIN;
  if (origin !== undefined) env.READBY7_SYNC_ORIGIN = origin;
  return spawnSync(process.execPath, [postBuild], { env, encoding: 'utf8' });
}

describe('post-build with READBY7_SYNC_ORIGIN', () => {
  test('every HTML file gets the origin in connect-src, and the script hash stays right', () => {
    const { dir, loader } = staging();
    const run = runPostBuild(dir, 'https://couch.example.org');
    assert.equal(run.status, 0, run.stderr);
    const hash = `'sha256-${createHash('sha256').update(loader, 'utf8').digest('base64')}'`;
    const html = walk(dir).filter((f) => f.endsWith('.html'));
    assert.deepEqual(html.sort(), ['index.html', ...indexCopies].sort());
    for (const file of html) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.equal(connectSrc(text), "connect-src 'self' https://couch.example.org", file);
      assert.ok(text.includes(`script-src 'self' 'wasm-unsafe-eval' ${hash}`), `${file} keeps the loader's hash`);
    }
    assert.match(run.stdout, /connect-src 'self' https:\/\/couch\.example\.org/);
    // Built again without the setting (the update test re-runs the hook): back to 'self'.
    const again = runPostBuild(dir);
    assert.equal(again.status, 0, again.stderr);
    for (const file of html) assert.equal(connectSrc(readFileSync(join(dir, file), 'utf8')), "connect-src 'self'");
  });

  test('a plain http origin fails the build with a clear message', () => {
    const { dir } = staging();
    const run = runPostBuild(dir, 'http://couch.example.org');
    assert.equal(run.status, 1);
    assert.match(run.stderr, /READBY7_SYNC_ORIGIN: "http:\/\/couch\.example\.org": the sync server must be https:\/\//);
    assert.equal(connectSrc(readFileSync(join(dir, 'index.html'), 'utf8')), "connect-src 'self'", 'nothing written');
  });
});
