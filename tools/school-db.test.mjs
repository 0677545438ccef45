// The embedded school database (tools/school-db.mjs) over real HTTP: tools/serve.mjs started
// as a child process on a temporary folder, as `./dev.sh serve` starts it.
//   node --test tools/school-db.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const serveJs = fileURLToPath(new URL('./serve.mjs', import.meta.url));
const temps = [];
const children = new Set();

function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

const dist = tempDir('readby7-dist-');
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>ReadBy7</title>\n');

after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts serve.mjs; resolves once `GET /db/` answers (or rejects with its output if it exits). */
async function startServer({ dataDir, port, extra = [], password = 'correct-horse-battery', user = 'lead' }) {
  port ??= await freePort();
  const args = [serveJs, dist, '--host', '127.0.0.1', '--port', String(port), '--school-data', dataDir, ...extra];
  if (user) args.push('--school-user', user);
  if (password) args.push('--school-password', password);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => children.delete(child));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const gone = await Promise.race([exited, sleep(50).then(() => null)]);
    if (gone) throw Object.assign(new Error(`server exited (${gone.code ?? gone.signal}): ${output}`), { output, ...gone });
    try {
      const res = await fetch(`${base}/db/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer in 15 s: ${output}`);
  }
  return {
    port,
    base,
    db: `${base}/db/school`,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      await exited;
    },
  };
}

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function client(auth) {
  return async (method, url, body) => {
    const headers = { Accept: 'application/json' };
    if (auth) headers.Authorization = auth;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  };
}

const hex = (n) => n.toString(16).padStart(32, '0');

describe('the school database on one server', () => {
  let server;
  let as;
  let anon;
  before(async () => {
    server = await startServer({ dataDir: tempDir('readby7-school-') });
    as = client(basic('lead', 'correct-horse-battery'));
    anon = client(null);
  });
  after(() => server.stop());

  test('GET /db/ answers the welcome, with or without a slash', async () => {
    for (const url of [`${server.base}/db/`, `${server.base}/db`]) {
      const res = await anon('GET', url);
      assert.equal(res.status, 200);
      assert.equal(res.body['express-pouchdb'], 'Welcome!');
      assert.match(res.body.uuid, /^[0-9a-f]{32}$/);
    }
    // The app itself is still served beside it.
    const page = await fetch(`${server.base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /ReadBy7/);
  });

  test('anonymous requests to the school database get 401', async () => {
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['PUT', '', undefined],
      ['GET', '/some-doc', undefined],
      ['PUT', '/some-doc', { a: 1 }],
      ['GET', '/_changes?style=all_docs', undefined],
      ['POST', '/_bulk_docs', { docs: [{ _id: 'x' }] }],
      ['GET', '/_local/checkpoint', undefined],
    ]) {
      const res = await anon(method, `${server.db}${path}`, body);
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.deepEqual(res.body, { error: 'unauthorized', reason: 'Authentication required.' });
      assert.equal(res.headers.get('www-authenticate'), null, 'no browser password dialog');
    }
    const info = await as('GET', server.db);
    assert.equal(info.body.doc_count, 0, 'nothing was written');
  });

  test('a wrong password or user gets 401 unauthorized, on the welcome too', async () => {
    for (const auth of [basic('lead', 'wrong-password'), basic('other', 'correct-horse-battery'), basic('lead', ''), 'Basic !!!', 'Bearer abc']) {
      const wrong = client(auth);
      for (const url of [server.db, `${server.base}/db/`, `${server.db}/_changes`]) {
        const res = await wrong('GET', url);
        assert.equal(res.status, 401, `${auth} ${url}`);
        assert.equal(res.body.error, 'unauthorized');
        assert.equal(res.body.reason, 'Name or password is incorrect.');
      }
    }
  });

  test('other databases cannot be created, and the server goes on answering', async () => {
    assert.equal((await anon('PUT', `${server.base}/db/newdb`)).status, 401);
    const refused = await as('PUT', `${server.base}/db/other`);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'forbidden');
    assert.match(refused.body.reason, /one database, "school"/);
    assert.equal((await as('PUT', `${server.base}/db/other/doc`, { a: 1 })).status, 403);
    assert.equal((await as('GET', `${server.base}/db/other`)).status, 404);
    assert.equal((await as('GET', `${server.base}/db/_all_dbs`)).status, 404);
    assert.equal((await as('GET', `${server.base}/db/_config`)).status, 404);
    assert.equal((await as('POST', `${server.base}/db/_replicate`, { source: 'school', target: 'http://127.0.0.1:1/x' })).status, 404);
    // The school database itself: exists (412), cannot be deleted, runs no design documents.
    assert.equal((await as('PUT', server.db)).status, 412);
    assert.equal((await as('DELETE', server.db)).status, 403);
    assert.equal((await as('PUT', `${server.db}/_design/evil`, { views: { v: { map: 'function(){}' } } })).status, 403);
    assert.equal((await as('PUT', `${server.db}/_design%2Fevil`, { views: {} })).status, 403);
    for (const [method, path, body] of [
      ['POST', '', { _id: '_design/evil', views: {} }],
      ['POST', '/_bulk_docs', { docs: [{ _id: 'fine' }, { _id: '_design/evil', views: {} }] }],
      ['POST', '/_bulk_docs', { new_edits: false, docs: [{ _id: '_design/evil', _rev: `1-${hex(9)}`, _revisions: { start: 1, ids: [hex(9)] } }] }],
    ]) {
      const res = await as(method, `${server.db}${path}`, body);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error, 'forbidden');
    }
    assert.equal((await as('GET', `${server.db}/fine`)).status, 404, 'a refused batch writes nothing');
    assert.equal((await as('POST', `${server.db}/_temp_view`, { map: 'function(){}' })).status, 404);
    assert.equal((await as('GET', `${server.db}/_security`)).status, 404);
    // Still alive, still the one database.
    assert.equal((await anon('GET', `${server.base}/db/`)).status, 200);
    const info = await as('GET', server.db);
    assert.equal(info.status, 200);
    assert.equal(info.body.db_name, 'school');
  });

  test('the replication protocol round trip: _bulk_docs, _revs_diff, _changes, _bulk_get, _local', async () => {
    // Two devices edited one document after the same parent: two leaves, as the core writes.
    const put = await as('POST', `${server.db}/_bulk_docs`, {
      new_edits: false,
      docs: [
        { _id: 'aa01', _rev: `2-${hex(0xb)}`, v: 1, n: 'nonce-b', c: 'ciphertext-b', _revisions: { start: 2, ids: [hex(0xb), hex(0xa)] } },
        { _id: 'aa01', _rev: `2-${hex(0xc)}`, v: 1, n: 'nonce-c', c: 'ciphertext-c', _revisions: { start: 2, ids: [hex(0xc), hex(0xa)] } },
        { _id: 'aa02', _rev: `1-${hex(0xd)}`, _deleted: true, _revisions: { start: 1, ids: [hex(0xd)] } },
      ],
    });
    assert.equal(put.status, 201);
    assert.deepEqual(put.body, []);

    const diff = await as('POST', `${server.db}/_revs_diff`, {
      aa01: [`2-${hex(0xb)}`, `3-${hex(0xe)}`],
      aa02: [`1-${hex(0xd)}`],
      aa03: [`1-${hex(0xf)}`],
    });
    assert.equal(diff.status, 200);
    assert.deepEqual(diff.body, { aa01: { missing: [`3-${hex(0xe)}`] }, aa03: { missing: [`1-${hex(0xf)}`] } });

    const changes = await as('GET', `${server.db}/_changes?style=all_docs&since=0&limit=10`);
    assert.equal(changes.status, 200);
    const rows = Object.fromEntries(changes.body.results.map((r) => [r.id, r]));
    assert.deepEqual(rows.aa01.changes.map((c) => c.rev).sort(), [`2-${hex(0xb)}`, `2-${hex(0xc)}`]);
    assert.deepEqual(rows.aa02.changes, [{ rev: `1-${hex(0xd)}` }], 'deleted leaves are listed');
    assert.equal(changes.body.last_seq, changes.body.results.at(-1).seq);
    const page = await as('GET', `${server.db}/_changes?style=all_docs&since=0&limit=1`);
    assert.equal(page.body.results.length, 1);

    const got = await as('POST', `${server.db}/_bulk_get?revs=true`, {
      docs: [
        { id: 'aa01', rev: `2-${hex(0xc)}` },
        { id: 'aa02', rev: `1-${hex(0xd)}` },
        { id: 'aa01', rev: `9-${hex(0xf)}` },
      ],
    });
    assert.equal(got.status, 200);
    const entries = got.body.results.flatMap((r) => r.docs);
    const ok = entries.filter((d) => d.ok).map((d) => d.ok);
    const c = ok.find((d) => d._rev === `2-${hex(0xc)}`);
    assert.equal(c.c, 'ciphertext-c');
    assert.deepEqual(c._revisions, { start: 2, ids: [hex(0xc), hex(0xa)] });
    assert.equal(ok.find((d) => d._id === 'aa02')._deleted, true);
    assert.ok(entries.some((d) => d.missing === `9-${hex(0xf)}`), 'a rev it lacks is "missing"');

    // The winner, as CouchDB picks it: the greater hash of two equal-length leaves.
    const winner = await as('GET', `${server.db}/aa01`);
    assert.equal(winner.body._rev, `2-${hex(0xc)}`);

    // _local checkpoints: 404, PUT, 409 without the rev, PUT with it.
    const missing = await as('GET', `${server.db}/_local/device-1`);
    assert.equal(missing.status, 404);
    const first = await as('PUT', `${server.db}/_local/device-1`, { session_id: 's1', history: [{ last_seq: 3, session_id: 's1' }] });
    assert.equal(first.status, 201);
    assert.equal(first.body.id, '_local/device-1');
    assert.equal((await as('PUT', `${server.db}/_local/device-1`, { session_id: 's2' })).status, 409);
    const second = await as('PUT', `${server.db}/_local/device-1`, { _rev: first.body.rev, session_id: 's2' });
    assert.equal(second.status, 201);
    const read = await as('GET', `${server.db}/_local%2Fdevice-1`);
    assert.equal(read.body.session_id, 's2');
    assert.equal(read.body._rev, second.body.rev);
    // _local documents do not appear in the changes feed.
    const after = await as('GET', `${server.db}/_changes?style=all_docs`);
    assert.ok(after.body.results.every((r) => !r.id.startsWith('_local')));
  });

  test('old revision bodies are compacted away as newer ones arrive', async () => {
    await as('POST', `${server.db}/_bulk_docs`, {
      new_edits: false,
      docs: [{ _id: 'bb01', _rev: `1-${hex(1)}`, c: 'first-body', _revisions: { start: 1, ids: [hex(1)] } }],
    });
    await as('POST', `${server.db}/_bulk_docs`, {
      new_edits: false,
      docs: [{ _id: 'bb01', _rev: `2-${hex(2)}`, _deleted: true, _revisions: { start: 2, ids: [hex(2), hex(1)] } }],
    });
    const got = await as('POST', `${server.db}/_bulk_get?revs=true`, { docs: [{ id: 'bb01', rev: `1-${hex(1)}` }] });
    const entry = got.body.results[0].docs[0];
    assert.ok(!entry.ok || entry.ok.c === undefined, `the first body is gone: ${JSON.stringify(entry)}`);
  });

  test('requests over the size limit are refused, attachments are not accepted', async () => {
    const big = await fetch(`${server.db}/_bulk_docs`, {
      method: 'POST',
      headers: { Authorization: basic('lead', 'correct-horse-battery'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ docs: [{ _id: 'big', c: 'x'.repeat(65 * 1024 * 1024) }] }),
    });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error, 'too_large');
    const multipart = await fetch(`${server.db}/doc`, {
      method: 'PUT',
      headers: { Authorization: basic('lead', 'correct-horse-battery'), 'Content-Type': 'multipart/related; boundary=x' },
      body: '--x--',
    });
    assert.equal(multipart.status, 415);
    assert.equal((await as('GET', server.db)).status, 200);
  });

  test('a PouchDB client replicates to and from it', async () => {
    const PouchDB = require('pouchdb-core')
      .plugin(require('pouchdb-adapter-memory'))
      .plugin(require('pouchdb-adapter-http'))
      .plugin(require('pouchdb-replication'));
    const remoteUrl = `http://lead:correct-horse-battery@127.0.0.1:${server.port}/db/school`;
    const deviceA = new PouchDB('device-a', { adapter: 'memory' });
    const deviceB = new PouchDB('device-b', { adapter: 'memory' });
    await deviceA.bulkDocs([
      { _id: 'p1', c: 'cipher-1' },
      { _id: 'p2', c: 'cipher-2' },
      { _id: 'p3', c: 'cipher-3' },
    ]);
    const pushed = await deviceA.replicate.to(remoteUrl, { batch_size: 2 });
    assert.equal(pushed.ok, true);
    assert.equal(pushed.docs_written, 3);
    const pulled = await deviceB.replicate.from(remoteUrl, { batch_size: 2 });
    assert.equal(pulled.ok, true);
    assert.equal((await deviceB.get('p2')).c, 'cipher-2');
    // A change on B goes back through the server to A.
    const p2 = await deviceB.get('p2');
    await deviceB.put({ ...p2, c: 'cipher-2b' });
    await deviceB.replicate.to(remoteUrl);
    await deviceA.replicate.from(remoteUrl);
    assert.equal((await deviceA.get('p2')).c, 'cipher-2b');
    // A second push has nothing to write (its checkpoint held).
    const again = await deviceA.replicate.to(remoteUrl);
    assert.equal(again.docs_written, 0);
    // The wrong password stops the replication with a 401.
    const wrong = new PouchDB(`http://lead:nope-nope-nope@127.0.0.1:${server.port}/db/school`);
    await assert.rejects(deviceA.replicate.to(wrong), (err) => err.status === 401);
    await Promise.all([deviceA.destroy(), deviceB.destroy()]);
  });
});

describe('the data folder', () => {
  test('data survives a stop and a restart, and a SIGKILL', async () => {
    const dataDir = tempDir('readby7-persist-');
    const as = client(basic('lead', 'correct-horse-battery'));
    let server = await startServer({ dataDir });
    const { port } = server;
    await as('POST', `${server.db}/_bulk_docs`, {
      new_edits: false,
      docs: [{ _id: 'cc01', _rev: `1-${hex(7)}`, c: 'kept', _revisions: { start: 1, ids: [hex(7)] } }],
    });
    await as('PUT', `${server.db}/_local/cp`, { last_seq: 1 });
    await server.stop('SIGTERM');
    server = await startServer({ dataDir, port });
    assert.equal((await as('GET', `${server.db}/cc01`)).body.c, 'kept');
    assert.equal((await as('GET', `${server.db}/_local/cp`)).body.last_seq, 1);
    await as('PUT', `${server.db}/cc02`, { c: 'written-before-the-kill' });
    await server.stop('SIGKILL');
    server = await startServer({ dataDir, port });
    assert.equal((await as('GET', `${server.db}/cc02`)).body.c, 'written-before-the-kill');
    const info = await as('GET', server.db);
    assert.equal(info.body.doc_count, 2);
    // A second server on the same folder says why it cannot start, and the first goes on.
    await assert.rejects(startServer({ dataDir }), (err) => /in use by another server/.test(err.output) && err.code === 1);
    assert.equal((await as('GET', server.db)).status, 200);
    await server.stop();
    assert.ok(readdirSync(dataDir).includes('school'), 'LevelDB files are in the data folder');
  });

  test('a password is generated on first start, printed, kept (0600) and used again', async () => {
    const dataDir = tempDir('readby7-generated-');
    let server = await startServer({ dataDir, user: null, password: null, extra: ['--school-db', 'camden-primary'] });
    const printed = server.output();
    const password = /password (\S+)/.exec(printed)?.[1];
    assert.match(password, /^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/);
    assert.match(printed, new RegExp(`server http://127\\.0\\.0\\.1:${server.port}/db/ +database camden-primary +user readby7`));
    const file = join(dataDir, 'readby7-server.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).password, password);
    const as = client(basic('readby7', password));
    const db = `${server.base}/db/camden-primary`;
    assert.equal((await as('GET', db)).body.db_name, 'camden-primary');
    assert.equal((await as('GET', `${server.base}/db/school`)).status, 404);
    await server.stop();
    // Restarted with no options: the same database, user and password, not printed again.
    server = await startServer({ dataDir, user: null, password: null });
    assert.doesNotMatch(server.output(), new RegExp(password));
    assert.match(server.output(), /password: the one in/);
    assert.equal((await as('GET', `${server.base}/db/camden-primary`)).status, 200);
    await server.stop();
  });

  test('--no-school-db serves the app alone', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [serveJs, dist, '--host', '127.0.0.1', '--port', String(port), '--no-school-db'], { stdio: 'ignore' });
    children.add(child);
    try {
      let res;
      for (let i = 0; i < 200; i++) {
        res = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
        if (res) break;
        await sleep(50);
      }
      assert.equal(res.status, 200);
      const db = await fetch(`http://127.0.0.1:${port}/db/`);
      // No database: /db/ is just an in-app URL (the single-page fallback).
      assert.match(db.headers.get('content-type'), /text\/html/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
