/**
 * When the database cannot serve: such failures answer `503 UNAVAILABLE` with `Retry-After`
 * (CONTRACT.md v2), never a 500, and no request waits longer than the request deadline for it.
 */
import { statfs } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../../db/index.js';
import { errorBody, errorStatus } from './errors.js';
import type { Logger } from './log.js';

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 2;

/** Thrown for a database that did not answer in time, or refused to take more writes. */
export class DatabaseUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailable';
  }
}

/** Failures of the connection, not of the statement: the socket, DNS, or postgres.js's pool. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOSPC', 'EIO',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs that say "the database cannot serve now" rather than "this statement is wrong":
 * class 08 (connection exception), 53 (insufficient resources: disk full, out of memory, too
 * many connections), 58 (system / I/O error), 57P01–57P05 (shutting down, starting up), 57014
 * (statement timeout) and 55P03 (lock timeout).
 */
const isUnavailableSqlState = (code: string) => /^(08|53|58)/.test(code) || /^57P0[1-5]$/.test(code) || code === '57014' || code === '55P03';

/** Whether `error` or an error in its cause chain (six deep at most) satisfies `test`. */
function inCauseChain(error: unknown, test: (link: object & { code?: unknown; errno?: unknown }) => boolean): boolean {
  let current = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (test(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const codeIn = (codes: ReadonlySet<string>, { code, errno }: { code?: unknown; errno?: unknown }) =>
  (typeof code === 'string' && codes.has(code)) || (typeof errno === 'string' && codes.has(errno));

/** Whether an error (or any error in its cause chain) means the database is unavailable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return inCauseChain(
    error,
    (link) =>
      link instanceof DatabaseUnavailable ||
      codeIn(CONNECTION_CODES, link) ||
      (typeof link.code === 'string' && /^[0-9A-Z]{5}$/.test(link.code) && isUnavailableSqlState(link.code)),
  );
}

/** Codes of a connection that went away under us (not one we ended ourselves, not a slow statement). */
const LOST_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT']);

/**
 * Whether a failure says connections to PostgreSQL were lost: refused, reset, closed, or a connect
 * that timed out; SQLSTATE class 08 and 57P01–57P03 (the server shut down or is starting).
 */
export function isConnectionLost(error: unknown): boolean {
  return inCauseChain(
    error,
    (link) => codeIn(LOST_CONNECTION_CODES, link) || (typeof link.code === 'string' && (/^08/.test(link.code) || /^57P0[1-3]$/.test(link.code))),
  );
}

export function respondUnavailable(c: Context, message = 'the database is unavailable; try again shortly') {
  c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  c.header('Cache-Control', 'no-store');
  if (!c.req.path.startsWith('/api') && !c.req.path.startsWith('/health') && (c.req.header('Accept') ?? '').includes('text/html')) {
    return c.text(`The database is unavailable right now; nothing was changed. Try again in a few seconds.`, 503);
  }
  return c.json(errorBody({ code: 'UNAVAILABLE', message }), errorStatus.UNAVAILABLE);
}

/**
 * Answers 503 when a request has run `ms` without an answer (a database that hangs rather than
 * refuses). The handler runs on in the background; what it would have answered is dropped.
 */
export function requestDeadline(ms: number): MiddlewareHandler {
  return async (c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    const handled = next().then(() => 'done' as const);
    const outcome = await Promise.race([handled, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      handled.catch(() => {});
      (c.var as { log?: Logger }).log?.warn({ deadlineMs: ms }, 'no answer within the request deadline: the database is not answering');
      c.res = respondUnavailable(c, `no answer from the database within ${ms / 1000} s; try again shortly`);
    }
  };
}

/** Resolves with `work`, or rejects with DatabaseUnavailable after `ms`. */
export async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailable(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/health/ready`: whether the database answers a query within `ms`. */
export async function databaseAnswers(db: Db, ms: number): Promise<boolean> {
  const query = db.execute(sql`SELECT 1`);
  try {
    await within(ms, query, 'readiness check');
    return true;
  } catch {
    query.catch(() => {});
    return false;
  }
}

/**
 * For the embedded database: writes are refused (503) while the disk holding its folder has less
 * than `minFreeBytes` free. PGlite runs PostgreSQL inside this process's thread, and a write that
 * hits a full disk while PostgreSQL creates a WAL segment leaves it spinning, with the whole
 * server (SIGTERM included) stuck behind it; refusing writes before the disk is full keeps the
 * server answering, and they are accepted again as soon as space is freed.
 */
export function diskSpaceGuard(folder: string, minFreeBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const { bavail, bsize } = await statfs(folder);
      if (bavail * bsize < minFreeBytes) {
        return respondUnavailable(c, 'the disk of the embedded database is (nearly) full: nothing was changed; try again once space is freed');
      }
    }
    await next();
  };
}
