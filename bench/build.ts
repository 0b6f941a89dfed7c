/**
 * The server as it would be deployed: `server/boot/main.ts` bundled by esbuild into one ES module
 * (packages stay in node_modules), started with plain `node`. Measured here: under `tsx` the
 * same server starts ~0.5 s slower and holds ~70 MB more RSS (the loader thread and its
 * transform caches), which is tsx's cost, not the server's. `BENCH_SERVER=tsx` runs it under tsx.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { repoRoot } from './support.js';

export const bundledServer = `${repoRoot}bench/.build/server.mjs`;

/**
 * Each module keeps its own `import.meta.url`, so paths it resolves from it (the migrations
 * folder, packages found with `createRequire`) stay where they are in the source tree.
 */
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.tsx?$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
        loader: path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

/** Bundles the server; answers the file to run with `node`. */
export async function buildServer(): Promise<string> {
  await build({
    entryPoints: [`${repoRoot}server/boot/main.ts`],
    outfile: bundledServer,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: `${repoRoot}tsconfig.json`,
    plugins: [ownImportMetaUrl],
    logLevel: 'warning',
  });
  return bundledServer;
}
