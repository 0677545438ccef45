// A school server for e2e tests: `tools/serve.mjs` serving the built app AND its school
// database at /db/ (same origin, as `./dev.sh serve`), on a free port and a fresh data folder,
// started and stopped by the test ("the server went away mid-push", "it came back").
//
// As plain functions:
//   const server = await startSchoolServer();
//   const ctx = await browser.newContext({ baseURL: server.url });
//   ... join with server.serverUrl, server.db, server.user, server.password ...
//   await server.stop({ signal: 'SIGKILL' }); await server.start();
//   expect(JSON.stringify(await server.rawDocs())).not.toContain('Amelia');
//   await server.dispose();
//
// As a Playwright fixture: `import { test, expect } from './school-server'` gives every test a
// fresh `schoolServer`, sets `baseURL` to it (so `page.goto('/')` opens the app on the server's
// origin), and disposes of it after the test. It extends ./fixtures' `test`, so the guard (no
// console error, no request off 127.0.0.1) still applies.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from './fixtures';

const projectRoot = resolve(__dirname, '../..');
const serveJs = join(projectRoot, 'tools/serve.mjs');

export type SchoolServerOptions = {
  /** The built app to serve (default: the project's dist/). */
  dist?: string;
  /** The data folder (default: a new temporary one, removed by `dispose()`). */
  dataDir?: string;
  db?: string;
  user?: string;
  password?: string;
  /** Default: a free port, kept across `stop()` / `start()`. */
  port?: number;
  /** More arguments for serve.mjs, e.g. ['--school-max-request-mb', '1']. */
  extraArgs?: string[];
};

/** One leaf revision of a document as the server holds it (winners, conflicts, deletions). */
export type RawDoc = { _id: string; _rev: string; _deleted?: boolean; [field: string]: unknown };

export type SchoolServer = {
  /** The app: `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** The server address a device's sync settings name: `http://127.0.0.1:<port>/db/`. */
  serverUrl: string;
  /** The school database: `http://127.0.0.1:<port>/db/<db>`. */
  dbUrl: string;
  db: string;
  user: string;
  password: string;
  port: number;
  dataDir: string;
  /** `Authorization` header value for the school's user. */
  authorization: string;
  running(): boolean;
  /** Ends the process (SIGTERM: a clean stop; SIGKILL: the server dies mid-request). */
  stop(options?: { signal?: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once `GET /db/` answers. */
  start(): Promise<void>;
  /** Every leaf of every document of the school database, read over plain HTTP with the
   *  school's credentials (`_local` checkpoints are not listable and not included). */
  rawDocs(): Promise<RawDoc[]>;
  /** What the process printed (stdout and stderr) since it was first started. */
  output(): string;
  /** Stops it (SIGKILL) and removes the data folder if this helper made it. */
  dispose(): Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSchoolServer(options: SchoolServerOptions = {}): Promise<SchoolServer> {
  const dist = options.dist ?? join(projectRoot, 'dist');
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'readby7-school-e2e-'));
  const db = options.db ?? 'school';
  const user = options.user ?? 'lead';
  const password = options.password ?? 'e2e-school-password';
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const serverUrl = `${url}/db/`;
  const dbUrl = `${serverUrl}${db}`;
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let log = '';

  async function start() {
    if (child) throw new Error('the school server is already running');
    const args = [serveJs, dist, '--host', '127.0.0.1', '--port', String(port), '--school-data', dataDir, '--school-db', db, '--school-user', user, ...(options.extraArgs ?? [])];
    // The password through the environment, not the command line.
    const proc = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...process.env, READBY7_SCHOOL_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (d) => (log += d));
    proc.stderr!.on('data', (d) => (log += d));
    let gone = false;
    exited = new Promise((done) =>
      proc.on('exit', () => {
        gone = true;
        if (child === proc) child = null;
        done();
      }),
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (gone) throw new Error(`the school server exited while starting:\n${log}`);
      try {
        const res = await fetch(serverUrl);
        if (res.ok && (await res.json())['express-pouchdb']) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the school server did not answer GET /db/ within 20 s:\n${log}`);
      await sleep(50);
    }
  }

  async function stop({ signal = 'SIGTERM' }: { signal?: 'SIGTERM' | 'SIGKILL' } = {}) {
    if (!child) return;
    child.kill(signal);
    await exited;
  }

  async function json(method: string, path: string, body?: unknown) {
    const res = await fetch(`${dbUrl}${path}`, {
      method,
      headers: { Authorization: authorization, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${dbUrl}${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async function rawDocs(): Promise<RawDoc[]> {
    const changes = await json('GET', '/_changes?style=all_docs');
    const wanted = changes.results.flatMap((row: { id: string; changes: { rev: string }[] }) =>
      row.changes.map((c) => ({ id: row.id, rev: c.rev })),
    );
    if (wanted.length === 0) return [];
    const got = await json('POST', '/_bulk_get?revs=true', { docs: wanted });
    return got.results.flatMap((r: { docs: { ok?: RawDoc }[] }) => r.docs.flatMap((d) => (d.ok ? [d.ok] : [])));
  }

  await start();
  return {
    url,
    serverUrl,
    dbUrl,
    db,
    user,
    password,
    port,
    dataDir,
    authorization,
    running: () => child !== null,
    stop,
    start,
    rawDocs,
    output: () => log,
    async dispose() {
      await stop({ signal: 'SIGKILL' });
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** ./fixtures' `test` with a fresh school server per test, and `baseURL` on it. */
export const test = base.extend<{ schoolServer: SchoolServer; schoolServerOptions: SchoolServerOptions }>({
  schoolServerOptions: [{}, { option: true }],
  schoolServer: async ({ schoolServerOptions }, use) => {
    const server = await startSchoolServer(schoolServerOptions);
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ schoolServer }, use) => {
    await use(schoolServer.url);
  },
});

export { expect };
