/**
 * `npm start`: the server as built JavaScript. Builds `dist/server.mjs` first when it is missing
 * or older than a source file (a fraction of a second), then runs it in this process, so
 * signals (SIGTERM, Ctrl-C) reach the server itself.
 */
import { pathToFileURL } from 'node:url';
import { buildIfStale } from './build.mjs';

await import(pathToFileURL(await buildIfStale()).href);
