/**
 * The Hono app: every route of CONTRACT.md, wired to an engine and queries over one database.
 * Built by a function so each test can make a fresh app over its own database and clock.
 */
import { createRequire } from 'node:module';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Database } from '../db/index.js';
import { createBoard } from './board.js';
import type { TimeLimitOverrides } from './caseView.js';
import { createEngine } from './engine.js';
import { errorBody, respondWithRefusal } from './errors.js';
import { requestLog, requireStaff, type AppEnv, type LogLine } from './http.js';
import { openApiDocument } from './openapi.js';
import { pageRoutes } from './pages/routes.js';
import { docsPage } from './docs.js';
import { createQueries } from './queries.js';
import { caseRoutes } from './routes/cases.js';
import { processRoutes } from './routes/processes.js';
import { createFailureLimiter, defaultAuthFailureLimit, securityHeaders, type AuthFailureLimit } from './security.js';
import { authenticate, cachedAuthentication } from './staff.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { createDeliveryWorker, type DeliveryWorkerOptions } from './webhooks/worker.js';
import { createTimerWorker } from './timers/worker.js';
import type { TimerSettings } from '../machines/index.js';

// The package's path alone: requiring 'swagger-ui-dist' itself evaluates its 1.5 MB browser bundle (~40 MB of RSS).
const swaggerUiDir: string = createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js')();

export interface AppOptions {
  database: Database;
  clock?: () => Date;
  timeLimits?: TimeLimitOverrides;
  idempotencyRetentionHours?: number;
  /** Failed authentications one client address may make per window (default 20 a minute). */
  authFailureLimit?: AuthFailureLimit;
  /** Keep each token's member this long (default 0: every request asks the database); a revoked token works up to this long. */
  authCacheMs?: number;
  log?: (line: LogLine) => void;
  /** Where journal entries are posted; no endpoints, no deliveries. */
  webhooks?: WebhookOptions;
  /** Settings the processes' timers depend on (FOLLOW_UP_DAYS). */
  timerSettings?: TimerSettings;
  /** How often the timer worker looks for timers that came due. */
  timerPollMs?: number;
  /** Where the background workers (timers, deliveries) report failures. */
  workerLog?: (line: Record<string, unknown>) => void;
}

export type WebhookOptions = Omit<DeliveryWorkerOptions, 'db' | 'clock'> & { endpoints: readonly string[] };

export function createApp(options: AppOptions) {
  const { db, kind } = options.database;
  const clock = options.clock ?? (() => new Date());
  const timeLimits = options.timeLimits ?? {};
  const { endpoints = [], ...webhookOptions } = options.webhooks ?? {};
  // The worker is built here and started by the caller (`main.ts`); tests run its rounds by hand.
  const deliveries = endpoints.length > 0 ? createDeliveryWorker({ db, clock, log: options.workerLog, ...(webhookOptions as Omit<DeliveryWorkerOptions, 'db'>) }) : undefined;
  const engine = createEngine({
    db,
    clock,
    timeLimits,
    idempotencyRetentionMs: (options.idempotencyRetentionHours ?? 24) * 3600_000,
    webhookEndpoints: endpoints,
    onCommitted: deliveries?.nudge,
    timerSettings: options.timerSettings,
  });
  const timers = createTimerWorker({
    db,
    clock,
    settings: options.timerSettings,
    webhookEndpoints: endpoints,
    openCase: async (tx, type, input, now) => void (await engine.openAsSystem(tx, type, input, now)),
    onCommitted: deliveries?.nudge,
    log: options.workerLog,
    pollMs: options.timerPollMs,
  });
  const queries = createQueries(db, clock);
  const document = openApiDocument();

  const app = new Hono<AppEnv>();
  if (options.log) app.use('*', requestLog(options.log));
  app.use('*', securityHeaders());

  app.get('/health', (c) => c.json({ status: 'ok', database: kind }));
  app.get('/openapi.json', (c) => c.json(document));
  // The reference page loads swagger-ui from this server, never from a CDN.
  app.use('/docs/vendor/swagger-ui-dist/*', serveStatic({ root: swaggerUiDir, rewriteRequestPath: (p) => p.replace(/^\/docs\/vendor\/swagger-ui-dist/, '') }));
  app.get('/docs', docsPage);

  const authFailures = createFailureLimiter(options.authFailureLimit ?? defaultAuthFailureLimit);
  const authenticateStaff = options.authCacheMs ? cachedAuthentication(db, options.authCacheMs) : (token: string) => authenticate(db, token);
  app.use('/api/*', requireStaff(authenticateStaff, authFailures));
  app.route('/api/cases', caseRoutes(engine, queries));
  app.route('/api/deliveries', deliveryRoutes(db));
  const board = createBoard(db, clock, queries, timeLimits);
  app.route('/api', processRoutes(queries, timeLimits, (type, lang) => board.diagram(type, { lang: lang === 'zh' ? 'zh' : 'en' })));
  // The screens: cookie sessions instead of bearer tokens, the same engine and queries.
  app.route('/', pageRoutes({ engine, queries, board, clock, authenticate: authenticateStaff, authFailures }));

  app.notFound((c) => respondWithRefusal(c, { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` }));
  app.onError((error, c) => {
    console.error(JSON.stringify({ level: 'error', method: c.req.method, path: c.req.path, error: String(error?.stack ?? error) }));
    return c.json(errorBody({ code: 'INTERNAL_ERROR', message: 'something went wrong on the server; nothing was changed' }), 500);
  });

  return { app, engine, queries, deliveries, timers };
}
