// ReadBy7's server: serves a built dist/ the way the README's "Deploying" section asks a host to.
//
//   node tools/serve.mjs [dist] [--host 127.0.0.1] [--port 8080]
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
import { pathToFileURL } from 'node:url';
import express from 'express';
import sirv from 'sirv';
import { hashedName } from './dist-files.mjs';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export function createApp({ dist = 'dist' } = {}) {
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
  // The school database (CouchDB replication protocol) will be mounted at /db/, e.g.
  //   app.use('/db', expressPouchDB(PouchDB.defaults({ prefix: ... })));
  // Keep them under their own prefix: everything else below is the app.

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

function option(args, name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dist = args[0] && !args[0].startsWith('--') ? args[0] : 'dist';
  const host = option(args, '--host', '127.0.0.1');
  const port = Number(option(args, '--port', '8080'));
  const server = createApp({ dist }).listen(port, host, () => {
    console.log(`ReadBy7: serving ${dist} on http://${host}:${port}`);
  });
  server.on('error', (err) => {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  });
}
