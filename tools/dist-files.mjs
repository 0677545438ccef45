// What the files of a built dist/ are, for the post-build hook, the server and the size report.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The routes a plain static host must open cold (shared with src/domain/entry.rs, which
// explains them and whose tests check every route of the UI is listed).
const routes = JSON.parse(readFileSync(new URL('../src/domain/entry_routes.json', import.meta.url), 'utf8'));

/** `practice/index.html`, `report/index.html`...: copies of index.html, one per cold route. */
export const entryFiles = [...new Set([...routes.fixed, ...routes.with_id])]
  .map((route) => `${route.replace(/^\//, '')}/index.html`)
  .sort();

/** GitHub Pages and Netlify answer an unknown path with this file: a copy of index.html, so
 *  an in-app URL still starts the app there. */
export const notFoundPage = '404.html';

/** Files that are index.html again under another name: not precached, not counted twice. */
export const indexCopies = [...entryFiles, notFoundPage];

/** trunk's content-hashed names (`readby7-<hash>.js`, `…_bg.wasm`, `main-<hash>.css`): a new
 *  build gives new names, so these can be cached for ever. */
export const hashedName = /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

/** Worth compressing: text and wasm (fonts and PNGs are compressed already). */
export const compressible = /\.(html|js|mjs|css|wasm|json|webmanifest|svg|csv|txt|xml|map)$/;

/** The `.br` / `.gz` copies written beside those files. */
export const compressedCopy = /\.(br|gz)$/;

/** Every file under `dir`, as paths relative to it, sorted. */
export function walk(dir, base = dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path)];
    })
    .sort();
}
