// The build-time part of the Content-Security-Policy that is not a script hash: which origins
// besides the app's own the app may connect to (a school sync server on another origin).
//
//   READBY7_SYNC_ORIGIN=https://couch.example.org ./dev.sh build
//
// The policy's connect-src is `'self'` plus these origins, in every HTML file of the build
// (tools/post-build.mjs). Several origins may be given, separated by spaces or commas.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class OriginError extends Error {}

/** The origins named in `text` (READBY7_SYNC_ORIGIN), normalised; throws `OriginError`. */
export function parseSyncOrigins(text) {
  const words = String(text ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  const origins = [];
  for (const word of words) {
    if (word.includes('*')) {
      throw new OriginError(`"${word}": name the sync server's origin exactly, without wildcards`);
    }
    let url;
    try {
      url = new URL(word);
    } catch {
      throw new OriginError(`"${word}" is not an origin such as https://couch.example.org`);
    }
    const secure = url.protocol === 'https:';
    const loopback = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
    if (!secure && !loopback) {
      throw new OriginError(
        `"${word}": the sync server must be https:// (plain http:// only for 127.0.0.1 or localhost); a school's records would otherwise cross the network readable, passwords included`,
      );
    }
    if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
      throw new OriginError(
        `"${word}": give only the origin (scheme, host and port, e.g. https://couch.example.org), no path, query or user`,
      );
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

const CONNECT_SRC = /connect-src 'self'[^;"]*/;

/** `html` with the CSP meta tag's connect-src set to `'self'` and `origins`. */
export function withConnectSrc(html, origins) {
  if (!CONNECT_SRC.test(html)) {
    throw new OriginError("the Content-Security-Policy meta tag has no connect-src 'self' to extend");
  }
  return html.replace(CONNECT_SRC, ['connect-src', "'self'", ...origins].join(' '));
}

/** The connect-src of the CSP in `html`, or null. */
export function connectSrc(html) {
  return CONNECT_SRC.exec(html)?.[0] ?? null;
}
