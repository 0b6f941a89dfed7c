/**
 * The server's log: pino, one JSON object per line, with levels. Every request gets an id (the
 * `X-Request-Id` it came with when that looks like one, else a new one), answered in the same
 * header and written on each line about the request. Never written: tokens, cookies, signatures,
 * customers' names and phones, SQL parameters. Paths keep their shape but lose long random
 * segments (customer-link tokens).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Actor } from '../../machines/index.js';

export type { Logger };

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Keys whose values are never written, wherever they sit in a logged object (two levels deep). */
const SECRET_KEYS = ['token', 'authorization', 'cookie', 'password', 'customerSignature', 'signature', 'strokes', 'signedBy', 'customer', 'phone', 'params', 'parameters', 'snapshot', 'payload', 'body'];

export const redactedPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** A logger writing to `destination` (stdout by default). */
export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'caseflow' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger = createLogger('silent');

/** A path segment that looks like a secret (a long random token), not an id or a word. */
const RANDOM_SEGMENT = /^(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)[A-Za-z0-9_-]{20,}$/i;

export const loggablePath = (path: string) =>
  path
    .split('/')
    .map((segment) => (RANDOM_SEGMENT.test(segment) ? '[redacted]' : segment))
    .join('/');

/** An `X-Request-Id` a client may choose (as hono's `requestId` accepts, up to 64 characters). */
const REQUEST_ID = /^[\w\-=]{1,64}$/;

type LogEnv = { Variables: { requestId: string; actor?: Actor; caseId?: string } };

/**
 * Gives each request its id (`c.var.requestId`), and writes one line when it is answered: method,
 * path, status, duration, who asked, which case. 5xx answers log at `error` level (their cause was
 * logged by the error handler, `requestLog`), 4xx at `info`. Nothing is built for a level that is off.
 */
export function requestLogging(logger: Logger): MiddlewareHandler<LogEnv>[] {
  const track: MiddlewareHandler<LogEnv> = async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const level = status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const caseId = c.get('caseId');
    const actor = c.get('actor');
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: loggablePath(c.req.path),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(caseId ? { caseId } : {}),
      ...(actor ? { actor: actor.id } : {}),
    };
    if (level === 'error') logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
  // The id goes back in X-Request-Id with the other standard headers (`standardHeaders`).
  const identify: MiddlewareHandler<LogEnv> = async (c, next) => {
    const sent = c.req.header('X-Request-Id');
    c.set('requestId', sent !== undefined && REQUEST_ID.test(sent) ? sent : randomUUID());
    await next();
  };
  return [identify, track];
}

/** The logger for what happens while answering `c`: each line carries the request's id. */
export const requestLog = (logger: Logger, c: Context): Logger => logger.child({ requestId: c.get('requestId') });

/**
 * What went wrong, fit for the log: each error of the cause chain with its name, SQLSTATE or
 * system code and message, and the stack of the deepest. drizzle's wrapper is reduced to its
 * SQL text: its message and `params` carry every parameter (token hashes, names, snapshots).
 */
export function describeFailure(error: unknown) {
  const chain: Array<Record<string, unknown>> = [];
  let current: unknown = error;
  let deepest: unknown;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (typeof current !== 'object') {
      chain.push({ message: String(current) });
      break;
    }
    const { name, code, message, query, severity, routine } = current as Record<string, unknown>;
    // drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <every parameter>".
    const isDrizzleWrapper = typeof message === 'string' && message.startsWith('Failed query:') && typeof query === 'string';
    chain.push({
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      ...(typeof severity === 'string' ? { severity } : {}),
      ...(typeof routine === 'string' ? { routine } : {}),
      message: isDrizzleWrapper ? 'query failed' : String(message ?? ''),
      // Enough of the text to name the statement: ours open with a chain of CTEs (an opening's
      // token check and numbering come before its INSERT INTO cases). Values are never in it.
      ...(isDrizzleWrapper ? { query: (query as string).replace(/\s+/g, ' ').slice(0, 600) } : {}),
    });
    if (!isDrizzleWrapper) deepest = current;
    current = (current as { cause?: unknown }).cause;
  }
  const stack = deepest instanceof Error ? deepest.stack : undefined;
  return { errors: chain, ...(stack ? { stack } : {}) };
}
