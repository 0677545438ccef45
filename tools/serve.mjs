// ReadBy7's server: serves a built dist/ the way the README's "Deploying" section asks a host to.
//
//   node tools/serve.mjs [dist] [--host 127.0.0.1] [--port 8080]
//        [--school-data DIR] [--school-db NAME] [--school-user NAME] [--school-password PW]
//        [--school-max-request-mb N] [--no-school-db]
//
// Besides the app it serves the school database at /db/ (tools/school-db.mjs), on the same
// origin so the CSP's `connect-src 'self'` holds. Every option has an environment variable:
// READBY7_SCHOOL_DATA, READBY7_SCHOOL_DB, READBY7_SCHOOL_USER, READBY7_SCHOOL_PASSWORD (better
// than the flag: other users of the machine can read a command line), READBY7_SCHOOL_MAX_REQUEST_MB,
// READBY7_NO_SCHOOL_DB=1.
//
// - the precompressed `.br` / `.gz` beside each file (written by tools/post-build.mjs) when the
//   browser accepts them, with Content-Encoding and `Vary: Accept-Encoding` (sirv does this);
// - caching: trunk's content-hashed files are immutable for a year; everything else
//   (index.html, sw.js, the manifest, fonts, icons) is revalidated on every load (`no-cache`:
//   a 304 when unchanged), so a new deploy is seen at once and the service worker updates;
// - `application/wasm` for the wasm (sirv's MIME table);
// - the single-page fallback: an in-app URL with no file (`/report/<id>`, an old bookmark)
//   gets index.html, so links made before the cold-link forms keep working here.
// The Content-Security-Policy itself is the meta tag in index.html (it carries the hash of
// trunk's loader script); the header below only adds what a meta tag cannot say.
//
// It is an express app so that other services can share its origin (and so the CSP's 'self').
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import sirv from 'sirv';
import { hashedName } from './dist-files.mjs';
import { openSchoolDb, SchoolDbError } from './school-db.mjs';

/** Where `./dev.sh serve` keeps the school database unless told otherwise (gitignored). */
export const DEFAULT_SCHOOL_DATA = fileURLToPath(new URL('../school-data', import.meta.url));

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** `schoolDb`: the middleware of `openSchoolDb` (tools/school-db.mjs), mounted at /db. */
export function createApp({ dist = 'dist', schoolDb = null } = {}) {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    // frame-ancestors cannot be set by a meta tag; a second policy only narrows the first.
    res.set('Content-Security-Policy', "frame-ancestors 'none'");
    next();
  });

  // ---- Services on the same origin go here, before the static files. ----
  // Keep them under their own prefix: everything else below is the app.
  if (schoolDb) {
    // The school database (CouchDB replication protocol, express-pouchdb): tools/school-db.mjs.
    app.use('/db', schoolDb);
    // Whatever goes wrong in there is answered as CouchDB would, never as a page of the app.
    app.use('/db', (err, req, res, next) => {
      if (res.headersSent) return next(err);
      console.error(`school-db: ${req.method} ${req.originalUrl}: ${err?.stack ?? err}`);
      res.status(err?.status && err.status < 500 ? err.status : 500).set('Cache-Control', 'no-store');
      res.json({ error: res.statusCode === 500 ? 'internal_server_error' : 'bad_request', reason: String(err?.message ?? err) });
    });
  }

  app.use(
    sirv(dist, {
      brotli: true,
      gzip: true,
      etag: true,
      single: true,
      setHeaders(res, pathname) {
        res.setHeader('Cache-Control', hashedName.test(pathname) ? IMMUTABLE : REVALIDATE);
      },
    }),
  );
  app.use((req, res) => {
    res.status(404).type('text/plain').send(`Not found: ${req.path}\n`);
  });
  return app;
}

function option(args, name, env, fallback) {
  const at = args.indexOf(name);
  if (at >= 0) {
    if (!args[at + 1] || args[at + 1].startsWith('--')) {
      console.error(`serve: ${name} needs a value`);
      process.exit(2);
    }
    return args[at + 1];
  }
  return (env && process.env[env]) || fallback;
}

function printSchoolDb({ info, host, port }) {
  const server = `http://${host}:${port}/db/`;
  const lines = [
    `School database: ${server}${info.db}   (data in ${info.dataDir})`,
    `  for a device's sync settings: server ${server}  database ${info.db}  user ${info.user}`,
  ];
  if (info.passwordGenerated) {
    lines.push(
      `  password ${info.password}`,
      `  (a new password, made now and kept in ${info.settingsFile}; the folder holds only ciphertext, back it up as the README says)`,
    );
  } else {
    lines.push(`  password: the one in ${info.settingsFile}`);
  }
  console.log(lines.join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dist = args[0] && !args[0].startsWith('--') ? args[0] : 'dist';
  const host = option(args, '--host', null, '127.0.0.1');
  const port = Number(option(args, '--port', null, '8080'));
  const withSchoolDb = !args.includes('--no-school-db') && !['1', 'true', 'yes'].includes(process.env.READBY7_NO_SCHOOL_DB ?? '');
  let school = null;
  if (withSchoolDb) {
    try {
      school = await openSchoolDb({
        dataDir: option(args, '--school-data', 'READBY7_SCHOOL_DATA', DEFAULT_SCHOOL_DATA),
        db: option(args, '--school-db', 'READBY7_SCHOOL_DB', undefined),
        user: option(args, '--school-user', 'READBY7_SCHOOL_USER', undefined),
        password: option(args, '--school-password', 'READBY7_SCHOOL_PASSWORD', undefined),
        maxRequestMb: option(args, '--school-max-request-mb', 'READBY7_SCHOOL_MAX_REQUEST_MB', undefined),
      });
    } catch (err) {
      console.error(`serve: ${err instanceof SchoolDbError ? err.message : err?.stack ?? err}`);
      process.exit(1);
    }
    // The last line of defence: a fault in express-pouchdb or PouchDB while answering one
    // request is logged, and the server goes on answering the others.
    process.on('uncaughtException', (err) => console.error(`serve: uncaught: ${err?.stack ?? err}`));
    process.on('unhandledRejection', (err) => console.error(`serve: unhandled rejection: ${err?.stack ?? err}`));
  }
  const server = createApp({ dist, schoolDb: school?.handler }).listen(port, host, () => {
    console.log(`ReadBy7: serving ${dist} on http://${host}:${port}`);
    if (school) printSchoolDb({ info: school.info, host, port });
  });
  server.on('error', (err) => {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections?.();
    Promise.resolve(school?.close())
      .catch(() => {})
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
