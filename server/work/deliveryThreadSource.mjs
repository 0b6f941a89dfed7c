// The delivery thread when the server runs as TypeScript (under tsx: the tests, `npm run cli`):
// a worker thread does not inherit tsx's loader, so it registers it before loading the entry.
// The built server starts `delivery-thread.mjs` instead (scripts/build.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./deliveryThreadEntry.ts');
