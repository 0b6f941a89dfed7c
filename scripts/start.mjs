/**
 * `npm start`: the server as built JavaScript. Builds `dist/server.mjs` first when it is missing
 * or older than a source file (a fraction of a second), then runs it in this process, so
 * signals (SIGTERM, Ctrl-C) reach the server itself. On PostgreSQL the server wants a larger heap
 * than package.json gives (see heap.mjs): node starts once more with it, and this process only
 * passes signals on and exits as the server does.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build.mjs';
import { withHeapFor } from './heap.mjs';

const flags = withHeapFor(process.env.DATABASE_URL, process.execArgv);
if (flags.some((flag) => !process.execArgv.includes(flag))) {
  const server = spawn(process.execPath, [...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
} else {
  await import(pathToFileURL(await buildIfStale()).href);
}
