/**
 * The Hono app: every route of CONTRACT.md, wired to an engine and queries over one database.
 * Built by a function so each test can make a fresh app over its own database and clock.
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { Database } from '../db/index.js';
import { createBoard } from './read/board.js';
import { langOf } from './read/diagram.js';
import { defaultConfig, type Config } from './config.js';
import { createEngine, type EngineOptions } from './core/engine.js';
import { errorBody, respondWithRefusal } from './api/errors.js';
import { requireStaff, type AppEnv } from './api/http.js';
import { describeFailure, requestLog, requestLogging, silentLogger, type Logger } from './api/log.js';
import { databaseAnswers, diskSpaceGuard, isConnectionLost, isDatabaseUnavailable, requestDeadline, respondUnavailable } from './api/outage.js';
import { metaRoutes } from './api/meta.js';
import { pageRoutes } from './pages/index.js';
import { createQueries } from './read/queries.js';
import { caseRoutes } from './api/cases.js';
import { customerLinkRoutes } from './api/customerLinks.js';
import { customerRoutes } from './api/customers.js';
import { recallRoutes } from './api/recall.js';
import { createCustomerLinks } from './core/links.js';
import { createCustomerFile } from './read/customers.js';
import { recall } from './read/recall.js';
import { processRoutes } from './api/processes.js';
import { connectionInfo, createFailureLimiter, defaultAuthFailureLimit, securityHeaders, type AuthFailureLimit } from './api/security.js';
import { createSessionStore } from './core/sessions.js';
import { authenticate, cachedAuthentication, rememberedTokens } from './core/staff.js';
import { deliveryRoutes } from './api/deliveries.js';
import { createDeliveryWorker, type DeliveryWorkerOptions } from './work/deliveries.js';
import { createTimerWorker } from './work/timers.js';

/** What an app is built with; the settings a deployment configures default to `defaultConfig`. */
export interface AppOptions extends Partial<Pick<Config, 'timeLimits' | 'idempotencyRetentionHours' | 'authCacheMs' | 'timerSettings' | 'timerPollMs' | 'customerLinkHours'>> {
  database: Database;
  clock?: () => Date;
  /** Failed authentications one client address may make per window (default 20 a minute). */
  authFailureLimit?: AuthFailureLimit;
  /** Where log lines go (default: nowhere). */
  logger?: Logger;
  /** Believe a TLS-terminating proxy's X-Forwarded-Proto and X-Forwarded-For (TRUST_PROXY). */
  trustProxy?: boolean;
  /** A request still unanswered after this long answers 503 (default 8 s: the contract allows no wait over 10 s). */
  requestDeadlineMs?: number;
  /** The embedded database's folder and the free space its disk must keep for writes to be accepted. */
  diskReserve?: { folder: string; minFreeBytes: number };
  /** Where journal entries are posted; no endpoints, no deliveries. */
  webhooks?: WebhookOptions;
  /** The deliveries are sent by a worker elsewhere (`startDeliveryThread`): this app only writes them and wakes it. */
  deliveryThread?: { nudge(): void };
  /** Where the background workers (timers, deliveries) report failures. */
  workerLog?: (line: Record<string, unknown>) => void;
  /** Sees each committed opening and event (live inspection, `boot/inspection.ts`). */
  onTransition?: EngineOptions['onTransition'];
}

export type WebhookOptions = Omit<DeliveryWorkerOptions, 'db' | 'clock'> & { endpoints: readonly string[] };

/** How long `/health/ready` waits for the database. */
const READINESS_TIMEOUT_MS = 2000;

export function createApp(options: AppOptions) {
  const { db, kind } = options.database;
  const clock = options.clock ?? (() => new Date());
  const timeLimits = options.timeLimits ?? defaultConfig.timeLimits;
  const authCacheMs = options.authCacheMs ?? defaultConfig.authCacheMs;
  const { endpoints = [], ...webhookOptions } = options.webhooks ?? {};
  // The workers are built here and started by the caller (`boot/main.ts`); tests run their rounds by hand.
  const deliveries =
    endpoints.length > 0 && !options.deliveryThread
      ? createDeliveryWorker({ db, clock, log: options.workerLog, ...(webhookOptions as Omit<DeliveryWorkerOptions, 'db'>) })
      : undefined;
  const nudgeDeliveries = options.deliveryThread?.nudge ?? deliveries?.nudge;
  const engine = createEngine({
    db,
    clock,
    timeLimits,
    idempotencyRetentionMs: (options.idempotencyRetentionHours ?? defaultConfig.idempotencyRetentionHours) * 3600_000,
    webhookEndpoints: endpoints,
    onCommitted: nudgeDeliveries,
    timerSettings: options.timerSettings ?? defaultConfig.timerSettings,
    onTransition: options.onTransition,
  });
  const logger = options.logger ?? silentLogger;
  /** Connections to PostgreSQL were lost: its pools are replaced once it answers again (`renewalAfterLoss`). */
  const afterFailure = (error: unknown) => {
    if (!isConnectionLost(error)) return;
    options.database.connections
      ?.lost()
      ?.then(
        () => logger.warn('PostgreSQL answers again after connections were lost; its pools were replaced with fresh ones'),
        (failure: unknown) => logger.error({ failure: describeFailure(failure) }, 'replacing the PostgreSQL pools failed'),
      );
  };
  const timers = createTimerWorker({
    engine,
    onError: afterFailure,
    pollMs: options.timerPollMs ?? defaultConfig.timerPollMs,
    onFired: nudgeDeliveries,
    log: options.workerLog,
  });
  const queries = createQueries(db, clock);
  const links = createCustomerLinks({ db, engine, queries, clock, hours: options.customerLinkHours ?? defaultConfig.customerLinkHours });
  const board = createBoard(db, clock, queries, timeLimits);
  const customers = createCustomerFile(db, clock);
  const api = [
    caseRoutes(engine, queries),
    customerRoutes(customers),
    recallRoutes(db),
    processRoutes(queries, timeLimits, (type, lang, version) => board.diagram(type, { lang: langOf(lang), version })),
    deliveryRoutes(db),
    // The customer's phone: making a link needs a staff token; the link's own POST is public (the link is the secret).
    customerLinkRoutes(links),
  ];

  const sessions = createSessionStore(db, clock);

  const app = new Hono<AppEnv>();
  app.use('*', ...requestLogging(logger));
  app.use('*', connectionInfo(options.trustProxy ?? false));
  app.use('*', securityHeaders());
  // Screens and their files go compressed; the API's small JSON answers are left as they are.
  const compressScreens = compress();
  app.use('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : compressScreens(c, next)));
  app.use('*', requestDeadline(options.requestDeadlineMs ?? 8000));
  if (options.diskReserve) app.use('*', diskSpaceGuard(options.diskReserve.folder, options.diskReserve.minFreeBytes));

  const ready = () => databaseAnswers(db, READINESS_TIMEOUT_MS);
  app.route('/', metaRoutes(kind, ready, api.flatMap((routes) => routes.routes)));

  const authFailures = createFailureLimiter(options.authFailureLimit ?? defaultAuthFailureLimit);
  const authenticateStaff = authCacheMs ? cachedAuthentication(db, authCacheMs) : (token: string) => authenticate(db, token);
  app.use('/api/*', requireStaff(authenticateStaff, authFailures, rememberedTokens()));
  for (const routes of api) app.route('/', routes.app);
  // The screens: cookie sessions instead of bearer tokens, the same engine and queries.
  app.route('/', pageRoutes({ engine, queries, board, clock, links, authenticate: authenticateStaff, authFailures, sessions, customers, recall: (query) => recall(db, query) }));

  app.notFound((c) => respondWithRefusal(c, { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` }));
  // The one place a failure's cause is logged (once, without SQL parameters); the request's own line follows.
  app.onError((error, c) => {
    const log = requestLog(logger, c);
    if (isDatabaseUnavailable(error)) {
      log.warn({ failure: describeFailure(error) }, 'database unavailable');
      afterFailure(error);
      return respondUnavailable(c);
    }
    log.error({ failure: describeFailure(error) }, 'unexpected failure');
    return c.json(errorBody({ code: 'INTERNAL_ERROR', message: 'something went wrong on the server; nothing was changed' }), 500);
  });

  return { app, engine, queries, sessions, deliveries, timers };
}
