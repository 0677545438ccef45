// The embedded school database: one CouchDB-compatible database (express-pouchdb over PouchDB
// with LevelDB on disk) that tools/serve.mjs mounts at /db/, on the app's own origin.
//
// It holds only what the app's school sync sends: opaque document ids, revision trees and
// AES-GCM ciphertext (src/domain/sync). The server never sees a key.
//
// The model:
// - One folder (`--school-data`, default `school-data/` at the project root) holds the LevelDB
//   databases and `readby7-server.json` (mode 0600): the database name, the one user and its
//   password (the devices need the same password, so it is kept to be shown again), and the
//   server's uuid.
// - One database (`--school-db`, default `school`), created here at start. Clients cannot
//   create, delete or list databases: any other name is refused before express-pouchdb sees it
//   (express-pouchdb 4.2.0 crashed the process on `PUT /newdb` with an admin configured).
// - One user, checked here with HTTP Basic auth (as the app's replicator sends it). Anonymous
//   requests get 401 everywhere except the welcome (`GET /db/`), wrong passwords 401
//   `{"error":"unauthorized","reason":"Name or password is incorrect."}`, as CouchDB answers.
//   express-pouchdb runs in its "custom" mode with only the replication routes: no _config,
//   _replicate, _users, Fauxton, design documents, views, show/list/update functions or
//   validation (those evaluate JavaScript stored in the database, inside this process), and no
//   attachments (the app stores recordings inside its encrypted documents).
// - Auto-compaction: old revision bodies are dropped as soon as a newer one is written, so an
//   erased pupil leaves only an opaque id and a revision tree, as after CouchDB's compaction.
import { randomBytes, randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const expressPouchDB = require('express-pouchdb');
const wrappers = require('pouchdb-wrappers');
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-leveldb'));

export const DEFAULT_DB = 'school';
export const DEFAULT_USER = 'readby7';
/** Large enough for a `_bulk_docs` batch of 200 encrypted documents with recordings in them. */
export const DEFAULT_MAX_REQUEST_MB = 64;
export const SETTINGS_FILE = 'readby7-server.json';

/** The express-pouchdb parts served: what CouchDB replication (the app's, PouchDB's) uses. */
const PARTS = [
  'config-infrastructure', // in memory only: the server uuid and the request size limit
  'compression',
  'routes/root',
  'routes/db',
  'routes/documents',
  'routes/all-docs',
  'routes/changes',
  'routes/bulk-docs',
  'routes/bulk-get',
  'routes/revs-diff',
  'routes/404',
];

/** `GET /db/school/<sub>`: the special paths allowed under the school database, by method. */
const SPECIAL = {
  _changes: ['GET', 'HEAD', 'POST'],
  _all_docs: ['GET', 'HEAD', 'POST'],
  _revs_diff: ['POST'],
  _bulk_docs: ['POST'],
  _bulk_get: ['POST'],
  _ensure_full_commit: ['POST'],
};
const LOCAL_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'];
const DOC_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'];

const DB_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
// No 0/O, 1/l/I: the password is read off a screen and typed on a tablet.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A new password: 5 groups of 4 (about 98 bits), e.g. `k7dq-m2xv-9hte-w4rb-pc3n`. */
export function generatePassword() {
  const out = [];
  while (out.length < 20) {
    const byte = randomBytes(1)[0];
    // Rejection sampling: no bias towards the first letters.
    if (byte < 256 - (256 % PASSWORD_ALPHABET.length)) out.push(PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length]);
  }
  return out.join('').match(/.{4}/g).join('-');
}

export class SchoolDbError extends Error {}

function readSettings(file) {
  if (!existsSync(file)) return {};
  try {
    const settings = JSON.parse(readFileSync(file, 'utf8'));
    return settings && typeof settings === 'object' ? settings : {};
  } catch (err) {
    throw new SchoolDbError(`${file} is not valid JSON (${err.message}); fix or remove it.`);
  }
}

function writeSettings(file, settings) {
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

const digest = (text) => createHash('sha256').update(text, 'utf8').digest();
const same = (a, b) => timingSafeEqual(digest(a), digest(b));

function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${JSON.stringify(body)}\n`);
}

const unauthorized = (res, reason) => sendJson(res, 401, { error: 'unauthorized', reason });

/**
 * Opens (and on first start creates) the school database in `dataDir`.
 * Returns `{ handler, info, close }`: `handler` is the middleware to mount at `/db`, `info` says
 * what is served (`dataDir`, `settingsFile`, `db`, `user`, `password`, `passwordGenerated`).
 * Options given override what the folder stores, and are stored for the next start.
 */
export async function openSchoolDb({
  dataDir,
  db: dbOption,
  user: userOption,
  password: passwordOption,
  maxRequestMb = DEFAULT_MAX_REQUEST_MB,
} = {}) {
  if (!dataDir) throw new SchoolDbError('no data folder given for the school database');
  dataDir = resolve(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const settingsFile = join(dataDir, SETTINGS_FILE);
  const stored = readSettings(settingsFile);

  const db = dbOption || stored.db || DEFAULT_DB;
  const user = userOption || stored.user || DEFAULT_USER;
  let password = passwordOption || stored.password;
  const passwordGenerated = !password;
  if (passwordGenerated) password = generatePassword();
  if (!DB_NAME.test(db)) {
    throw new SchoolDbError(`database name "${db}": use lower-case letters, digits, _ and -, starting with a letter (at most 64)`);
  }
  if (!USER_NAME.test(user)) {
    throw new SchoolDbError(`user name "${user}": use letters, digits and . _ @ - (no colon, at most 64)`);
  }
  if (typeof password !== 'string' || password.length < 8 || password.length > 256) {
    throw new SchoolDbError('the school password must be 8 to 256 characters');
  }
  const maxRequestBytes = Math.round(Number(maxRequestMb) * 1024 * 1024);
  if (!(maxRequestBytes > 0)) throw new SchoolDbError(`request size limit "${maxRequestMb}" MB is not a number`);

  const settings = { db, user, password, uuid: stored.uuid || randomUUID().replace(/-/g, '') };
  if (JSON.stringify(settings) !== JSON.stringify(stored)) writeSettings(settingsFile, settings);
  else chmodSync(settingsFile, 0o600);

  // Every database of this server lives in dataDir (`<dataDir>/<name>/`, LevelDB), compacted as
  // it is written.
  const LocalPouch = PouchDB.defaults({ prefix: `${dataDir}/`, auto_compaction: true });
  const pouchApp = expressPouchDB({
    mode: 'custom',
    overrideMode: { include: PARTS },
    inMemoryConfig: true,
  });
  // No design documents by any route (a PUT by path is refused earlier; this catches them in
  // `_bulk_docs` and POST bodies): none of the parts served would run them, but a database
  // that holds only ciphertext has no use for them either.
  pouchApp.dbWrapper.registerWrapper((name, wrapped, next) => {
    const check = (docs) => {
      const design = (Array.isArray(docs) ? docs : []).find(
        (doc) => doc && typeof doc === 'object' && typeof doc._id === 'string' && doc._id.startsWith('_design/'),
      );
      if (!design) return null;
      return Promise.reject(
        Object.assign(new Error('Design documents are not accepted: this server runs no code from its database.'), {
          status: 403,
          name: 'forbidden',
        }),
      );
    };
    wrappers.installWrapperMethods(wrapped, {
      bulkDocs: (orig, args) => check(args.docs) ?? orig(),
      put: (orig, args) => check([args.doc]) ?? orig(),
      post: (orig, args) => check([args.doc]) ?? orig(),
    });
    return next();
  });
  await pouchApp.setPouchDB(LocalPouch);
  await new Promise((done) => pouchApp.couchConfig.set('couchdb', 'uuid', settings.uuid, done));
  // express-pouchdb's JSON body limit (the whole request body, not one document).
  await new Promise((done) => pouchApp.couchConfig.set('couchdb', 'max_document_size', maxRequestBytes, done));

  const schoolDb = new LocalPouch(db);
  try {
    await schoolDb.info();
  } catch (err) {
    const locked = /lock/i.test(String(err?.message ?? err));
    throw new SchoolDbError(
      locked
        ? `the school data folder ${dataDir} is in use by another server (its LevelDB lock is held); stop that one first`
        : `cannot open the school database in ${dataDir}: ${err?.message ?? err}`,
    );
  }
  // Registered in express-pouchdb's list of databases (pouchdb-all-dbs), so it serves it.
  const known = await LocalPouch.allDbs();
  if (!known.includes(db)) throw new SchoolDbError(`the school database ${db} was created but is not listed`);

  function passToPouch(req, res, next) {
    // express-pouchdb is an Express 4 app: it gets the request as Node made it (with Express
    // 5's prototype its own query parser would find Express 5's `req.query` getter, skip, and
    // then lose it when it swaps in its own prototype), and Express 5's prototypes come back if
    // it hands the request on.
    const reqProto = Object.getPrototypeOf(req);
    const resProto = Object.getPrototypeOf(res);
    Object.setPrototypeOf(req, IncomingMessage.prototype);
    Object.setPrototypeOf(res, ServerResponse.prototype);
    res.setHeader('Cache-Control', 'no-store');
    pouchApp(req, res, (err) => {
      Object.setPrototypeOf(req, reqProto);
      Object.setPrototypeOf(res, resProto);
      next(err);
    });
  }

  /** `null` when no credentials were sent, else whether they are the school's. */
  function credentialsOk(req) {
    const header = req.headers.authorization;
    if (header === undefined) return null;
    const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // Both compared, always, in constant time.
    const userOk = same(decoded.slice(0, colon), user);
    const passwordOk = same(decoded.slice(colon + 1), password);
    return userOk && passwordOk;
  }

  function handler(req, res, next) {
    const method = req.method.toUpperCase();
    const rawPath = req.url.split('?')[0];
    let segments;
    try {
      segments = rawPath.split('/').slice(1).map((s) => decodeURIComponent(s));
    } catch {
      return sendJson(res, 400, { error: 'bad_request', reason: 'The path is not valid percent-encoding.' });
    }
    const [first = '', ...rest] = segments;
    const auth = credentialsOk(req);

    // The welcome: open to all (it says only what the server is), unless wrong credentials
    // were sent, so a client can check its password with it.
    if (first === '' && rest.every((s) => s === '')) {
      if (auth === false) return unauthorized(res, 'Name or password is incorrect.');
      if (method !== 'GET' && method !== 'HEAD') {
        return sendJson(res, 405, { error: 'method_not_allowed', reason: 'Only GET,HEAD allowed' });
      }
      req.url = '/';
      return passToPouch(req, res, next);
    }
    if (auth === null) return unauthorized(res, 'Authentication required.');
    if (auth === false) return unauthorized(res, 'Name or password is incorrect.');

    if (first !== db) {
      if (method === 'PUT') {
        return sendJson(res, 403, {
          error: 'forbidden',
          reason: `This server holds one database, "${db}", and does not create others.`,
        });
      }
      return sendJson(res, 404, {
        error: 'not_found',
        reason: first.startsWith('_') ? 'This server serves only the school database.' : 'Database does not exist.',
      });
    }

    const contentLength = Number(req.headers['content-length'] ?? 0);
    if (contentLength > maxRequestBytes) {
      return sendJson(res, 413, { error: 'too_large', reason: 'the request entity is too large' });
    }
    if (/^multipart\//i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { error: 'bad_content_type', reason: 'Attachments are not accepted here.' });
    }

    const sub = rest.join('/');
    const allowed = (methods) => methods.includes(method);
    if (sub === '') {
      if (method === 'PUT') {
        return sendJson(res, 412, {
          error: 'file_exists',
          reason: 'The database could not be created, the file already exists.',
        });
      }
      if (method === 'DELETE') {
        return sendJson(res, 403, { error: 'forbidden', reason: 'The school database cannot be deleted over HTTP.' });
      }
      if (!allowed(['GET', 'HEAD', 'POST'])) return methodNotAllowed(res, 'GET,HEAD,POST');
      return passToPouch(req, res, next);
    }
    // `_local/x` or `_local%2Fx` (the slash escaped), as CouchDB takes both.
    if (sub.startsWith('_local/') && sub.length > '_local/'.length) {
      if (!allowed(LOCAL_METHODS)) return methodNotAllowed(res, LOCAL_METHODS.join(','));
      return passToPouch(req, res, next);
    }
    if (sub.startsWith('_design/') || sub === '_design') {
      return sendJson(res, 403, {
        error: 'forbidden',
        reason: 'Design documents are not accepted: this server runs no code from its database.',
      });
    }
    if (sub.startsWith('_')) {
      const methods = SPECIAL[sub];
      if (!methods) return sendJson(res, 404, { error: 'not_found', reason: `${sub} is not served here.` });
      if (!allowed(methods)) return methodNotAllowed(res, methods.join(','));
      return passToPouch(req, res, next);
    }
    if (rest.length > 1) {
      return sendJson(res, 404, { error: 'not_found', reason: 'Attachments are not served here.' });
    }
    if (!allowed(DOC_METHODS)) return methodNotAllowed(res, DOC_METHODS.join(','));
    return passToPouch(req, res, next);
  }

  const info = { dataDir, settingsFile, db, user, password, passwordGenerated, maxRequestBytes };
  return {
    handler,
    info,
    async close() {
      await schoolDb.close();
      if (LocalPouch.__dbCacheMap) {
        for (const open of LocalPouch.__dbCacheMap.values()) await open.close().catch(() => {});
      }
    },
  };
}

function methodNotAllowed(res, methods) {
  res.setHeader('Allow', methods);
  return sendJson(res, 405, { error: 'method_not_allowed', reason: `Only ${methods} allowed` });
}
