/**
 * The Hono app: every route of CONTRACT.md, wired to an engine and queries over one database.
 * Built by a function so each test can make a fresh app over its own database and clock.
 */
import { Hono } from 'hono';
import type { Database } from '../db/index.js';
import type { TimeLimitOverrides } from './caseView.js';
import { createEngine } from './engine.js';
import { errorBody, respondWithRefusal } from './errors.js';
import { requestLog, requireStaff, type AppEnv, type LogLine } from './http.js';
import { openApiDocument } from './openapi.js';
import { createQueries } from './queries.js';
import { caseRoutes } from './routes/cases.js';
import { processRoutes } from './routes/processes.js';
import { authenticate } from './staff.js';

export interface AppOptions {
  database: Database;
  clock?: () => Date;
  timeLimits?: TimeLimitOverrides;
  idempotencyRetentionHours?: number;
  log?: (line: LogLine) => void;
}

export function createApp(options: AppOptions) {
  const { db, kind } = options.database;
  const clock = options.clock ?? (() => new Date());
  const timeLimits = options.timeLimits ?? {};
  const engine = createEngine({
    db,
    clock,
    timeLimits,
    idempotencyRetentionMs: (options.idempotencyRetentionHours ?? 24) * 3600_000,
  });
  const queries = createQueries(db, clock);
  const document = openApiDocument();

  const app = new Hono<AppEnv>();
  if (options.log) app.use('*', requestLog(options.log));

  app.get('/health', (c) => c.json({ status: 'ok', database: kind }));
  app.get('/openapi.json', (c) => c.json(document));

  app.use('/api/*', requireStaff((token) => authenticate(db, token)));
  app.route('/api/cases', caseRoutes(engine, queries));
  app.route('/api', processRoutes(queries, timeLimits));

  app.notFound((c) => respondWithRefusal(c, { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` }));
  app.onError((error, c) => {
    console.error(JSON.stringify({ level: 'error', method: c.req.method, path: c.req.path, error: String(error?.stack ?? error) }));
    return c.json(errorBody({ code: 'INTERNAL_ERROR', message: 'something went wrong on the server; nothing was changed' }), 500);
  });

  return { app, engine, queries };
}
