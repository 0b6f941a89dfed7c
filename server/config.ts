import { z } from 'zod';
import { logLevels, type LogLevel } from './log.js';

/** Where the data lives: a PostgreSQL server, or the embedded PGlite (in a folder, or in memory when `dataDir` is undefined). */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | undefined };

/**
 * Reads a `DATABASE_URL`: `postgres://…` / `postgresql://…`, `pglite:memory`, or `pglite:PATH`.
 * Throws on anything else.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\/./.test(url)) return { kind: 'postgres', url };
  if (url.startsWith('pglite:')) {
    const location = url.slice('pglite:'.length);
    if (location === 'memory') return { kind: 'pglite', dataDir: undefined };
    if (location.trim() !== '') return { kind: 'pglite', dataDir: location };
  }
  throw new Error(
    `DATABASE_URL "${url}" is not one of postgres://…, postgresql://…, pglite:memory, pglite:PATH`,
  );
}

/** An unset or empty variable takes its default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

const environmentSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: optional(z.string().default('127.0.0.1')),
  /** Per-deployment time limits in minutes, by process and state: `{"work-order": {"greet": 10}}`. */
  TIME_LIMITS: optional(
    z
      .string()
      .default('{}')
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be JSON' });
          return z.NEVER;
        }
      })
      .pipe(z.record(z.string(), z.record(z.string(), z.number().positive()))),
  ),
  DATABASE_URL: optional(
    z
      .string()
      .default('pglite:./data')
      .refine((url) => {
        try {
          parseDatabaseUrl(url);
          return true;
        } catch {
          return false;
        }
      }, 'must be postgres://…, postgresql://…, pglite:memory or pglite:PATH'),
  ),
  IDEMPOTENCY_RETENTION_HOURS: optional(z.coerce.number().positive().default(24)),
  LOG_LEVEL: optional(z.enum(logLevels).default('info')),
  /** Behind a TLS-terminating proxy: believe its `X-Forwarded-Proto` and `X-Forwarded-For`. */
  TRUST_PROXY: optional(z.enum(['true', 'false', '1', '0']).default('false').transform((value) => value === 'true' || value === '1')),
  /** The embedded database: `fsync` flushes every commit to the disk, `os-cache` leaves it to the operating system. */
  PGLITE_DURABILITY: optional(z.enum(['fsync', 'os-cache']).default('fsync')),
  /** The embedded database: writes answer 503 while its disk has less free space than this. */
  PGLITE_MIN_FREE_MB: optional(z.coerce.number().min(0).default(64)),
  /** How long the server keeps a token's member before asking the database again (0: every request asks). */
  AUTH_CACHE_MS: optional(z.coerce.number().int().min(0).max(60_000).default(0)),
});

export type Config = Readonly<{
  port: number;
  host: string;
  timeLimits: Record<string, Record<string, number>>;
  /** The raw `DATABASE_URL`, as given or defaulted. */
  databaseUrl: string;
  database: DatabaseTarget;
  idempotencyRetentionHours: number;
  logLevel: LogLevel;
  trustProxy: boolean;
  pgliteDurability: 'fsync' | 'os-cache';
  pgliteMinFreeBytes: number;
  /** A revoked token keeps working up to this long on a running server. */
  authCacheMs: number;
}>;

/**
 * Parses the environment once into a frozen, typed config. Throws one error naming every bad
 * variable, so a misconfigured start fails before it touches anything.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const { PORT, HOST, TIME_LIMITS, DATABASE_URL, IDEMPOTENCY_RETENTION_HOURS, LOG_LEVEL, AUTH_CACHE_MS, TRUST_PROXY, PGLITE_DURABILITY, PGLITE_MIN_FREE_MB } =
    parsed.data;
  return Object.freeze({
    port: PORT,
    host: HOST,
    timeLimits: TIME_LIMITS,
    databaseUrl: DATABASE_URL,
    database: Object.freeze(parseDatabaseUrl(DATABASE_URL)),
    idempotencyRetentionHours: IDEMPOTENCY_RETENTION_HOURS,
    logLevel: LOG_LEVEL,
    authCacheMs: AUTH_CACHE_MS,
    trustProxy: TRUST_PROXY,
    pgliteDurability: PGLITE_DURABILITY,
    pgliteMinFreeBytes: PGLITE_MIN_FREE_MB * 1024 * 1024,
  });
}
