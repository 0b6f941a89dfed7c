/**
 * Builds the server into one ES module, `dist/server.mjs`, run with plain `node` (packages stay
 * in node_modules). `npm start` calls `buildIfStale()` first, so a fresh clone or an edited
 * source is built before it starts, and an unchanged one starts at once. `npm run build` forces it.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const serverBundle = join(root, 'dist', 'server.mjs');

/** What the bundle is made of: a change to any of these makes it stale. */
const sourceFolders = ['server', 'db', 'machines'];
const sourceFiles = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

// Synchronous on purpose: a few hundred stats cost ~10 ms this way and ~190 ms as awaited promises,
// and every `npm start` pays for this check.
function newestSourceChange() {
  let newest = 0;
  const visit = (path) => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return;
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  for (const folder of sourceFolders) visit(join(root, folder));
  for (const file of sourceFiles) visit(join(root, file));
  return newest;
}

/**
 * Each module keeps its own `import.meta.url`, as a path relative to the bundle, so what it
 * resolves from it (the migrations folder, the screens' static files) stays where it is in the
 * source tree, wherever the checkout is moved.
 */
const ownImportMetaUrl = (outfile) => ({
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.tsx?$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const fromBundle = relative(dirname(outfile), path).split(sep).join('/');
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
});

/** Bundles `server/boot/main.ts` into `outfile`; answers its path. */
export async function buildServer(outfile = serverBundle) {
  // Loaded only to build: a start with an up-to-date bundle does not pay for it.
  const { build } = await import('esbuild');
  await build({
    // The server, and beside it the delivery thread's own entry (server/work/deliveryThread.ts).
    entryPoints: {
      [basename(outfile, '.mjs')]: join(root, 'server', 'boot', 'main.ts'),
      'delivery-thread': join(root, 'server', 'work', 'deliveryThreadEntry.ts'),
    },
    outdir: dirname(outfile),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages are bundled too: node resolving and compiling a few hundred files of node_modules
    // took ~450 ms of every start. Outside stay PGlite (it finds its WebAssembly and data files
    // next to its own module) and elkjs (3.4 MB of the bundle otherwise, ~30 MB of RSS, loaded
    // only when a diagram is first drawn), and the live inspection's library (loaded only with
    // INSPECT_PORT set).
    external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'elkjs', 'elkjs/*', '@statelyai/inspect', '@statelyai/inspect/*'],
    // Bundled CommonJS packages call `require` for node's own modules.
    // And where the bundle is, for what it starts beside it (the delivery thread).
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url); const __caseflowBundleUrl = import.meta.url;",
    },
    sourcemap: true,
    tsconfig: join(root, 'tsconfig.json'),
    plugins: [ownImportMetaUrl(outfile)],
    logLevel: 'warning',
  });
  return outfile;
}

/** Builds only when a source changed since the last build; answers the bundle's path. */
export async function buildIfStale() {
  const built = statSync(serverBundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > newestSourceChange()) return serverBundle;
  return buildServer();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  await buildServer();
  console.log(`built ${relative(root, serverBundle)} in ${Math.round(performance.now() - started)} ms`);
}
