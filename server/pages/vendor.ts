/**
 * Browser builds of the packages the screens use, served from this origin (the CSP allows no
 * other, and a desk must work without the internet): read once from node_modules.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);

const sources = {
  // signature_pad's package exports name only its UMD build; the minified one sits beside it.
  'signature_pad.js': join(dirname(require.resolve('signature_pad')), 'signature_pad.umd.min.js'),
};
type VendorFile = keyof typeof sources;

const files = new Map(
  Object.entries(sources).map(([name, path]) => {
    const body = readFileSync(path);
    return [name, { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) }];
  }),
);

/** The file's URL with its content hash, so that browsers may keep it for a year. */
export const vendorUrl = (name: VendorFile) => `/static/vendor/${name}?v=${files.get(name)!.hash}`;

const ownStatic = new URL('./static/', import.meta.url);
const ownHashes = new Map(
  ['app.css', 'app.js'].map((name) => [name, createHash('sha256').update(readFileSync(new URL(name, ownStatic))).digest('hex').slice(0, 12)]),
);

/** The screens' own stylesheet and script, with their content hash (read at start). */
export const staticUrl = (name: 'app.css' | 'app.js') => `/static/${name}?v=${ownHashes.get(name)}`;

export function vendorRoutes() {
  const routes = new Hono();
  routes.get('/:file', (c) => {
    const file = files.get(c.req.param('file'));
    if (!file) return c.notFound();
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(file.body);
  });
  return routes;
}
