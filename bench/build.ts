/**
 * The server as `npm start` runs it: `scripts/build.mjs` bundles `server/boot/main.ts` into one ES
 * module, here into `bench/.build/`, started with plain `node`. `BENCH_SERVER=tsx` runs the
 * TypeScript under tsx instead (it starts ~0.5 s slower and holds ~70 MB more RSS: tsx's loader).
 */
import { buildServer as buildBundle } from '../scripts/build.mjs';
import { repoRoot } from './support.js';

export const bundledServer = `${repoRoot}bench/.build/server.mjs`;

/** Bundles the server; answers the file to run with `node`. */
export async function buildServer(): Promise<string> {
  return buildBundle(bundledServer);
}
