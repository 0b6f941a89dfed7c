import { z } from 'zod';
import { parseDatabaseUrl, type DatabaseTarget } from '../db/url.js';
import { logLevels } from './api/log.js';

export { parseDatabaseUrl, type DatabaseTarget };

/** An unset or empty variable takes its default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

const environmentSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: optional(z.string().default('127.0.0.1')),
  /** Per-deployment time limits in minutes, by process and state: `{"<process type>": {"<state>": 10}}`. */
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
  /**
   * PostgreSQL connections the server keeps for single statements, and as many for transactions
   * (db/renewablePool.ts). Few is faster on a small machine: postgres.js pipelines statements on
   * each, and fewer backends compete for the cores (see BENCHMARKS.md).
   */
  DATABASE_POOL_SIZE: optional(z.coerce.number().int().min(2).max(100).default(4)),
  /** The embedded database: `fsync` flushes every commit to the disk, `os-cache` leaves it to the operating system. */
  PGLITE_DURABILITY: optional(z.enum(['fsync', 'os-cache']).default('fsync')),
  /** The embedded database: writes answer 503 while its disk has less free space than this. */
  PGLITE_MIN_FREE_MB: optional(z.coerce.number().min(0).default(64)),
  /** How long a link for the customer to sign on their own phone stays valid. */
  CUSTOMER_LINK_HOURS: optional(z.coerce.number().positive().max(24 * 365).default(24)),
  /** How long the server keeps a token's member before asking the database again (0: every request asks). */
  AUTH_CACHE_MS: optional(z.coerce.number().int().min(0).max(60_000).default(0)),
  /** Where every journal entry is posted: one URL or several, comma-separated. */
  WEBHOOK_URL: optional(
    z
      .string()
      .default('')
      .transform((text) => text.split(',').map((url) => url.trim()).filter((url) => url !== ''))
      .pipe(z.array(z.url({ protocol: /^https?$/, normalize: false }))),
  ),
  /** The Standard Webhooks signing secret: base64, optionally prefixed `whsec_`. */
  WEBHOOK_SECRET: optional(z.string().regex(/^(whsec_)?[A-Za-z0-9+/]{16,}={0,2}$/, 'must be base64 (at least 12 bytes), optionally prefixed whsec_').optional()),
  /** Attempts per delivery before it is marked failed (backoff doubles from 5 s up to an hour). */
  WEBHOOK_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(50).default(12)),
  /** How long one delivery attempt may take. */
  WEBHOOK_TIMEOUT_SECONDS: optional(z.coerce.number().positive().max(120).default(10)),
  /** Days after a work order's handover that its follow-up call is opened. */
  FOLLOW_UP_DAYS: optional(z.coerce.number().min(0).max(365).default(3)),
  /** How often the server looks for timers that came due (a case.overdue is due within 60 s). */
  TIMER_POLL_SECONDS: optional(z.coerce.number().min(0.1).max(50).default(10)),
  /** Development only: stream every transition to Stately's inspector, through a bridge on this port (`server/boot/inspection.ts`). */
  INSPECT_PORT: optional(z.coerce.number().int().min(1).max(65535).optional()),
}).refine((env) => env.WEBHOOK_URL.length === 0 || env.WEBHOOK_SECRET !== undefined, {
  path: ['WEBHOOK_SECRET'],
  message: 'is required when WEBHOOK_URL is set: every delivery is signed',
});

/** The configuration, with the names the code uses; every default is written once, in the schema above. */
const configSchema = environmentSchema.transform((env) => ({
  port: env.PORT,
  host: env.HOST,
  /** Minutes per state (or step) per process type, overriding the modules' own limits. */
  timeLimits: env.TIME_LIMITS,
  /** The raw `DATABASE_URL`, as given or defaulted. */
  databaseUrl: env.DATABASE_URL,
  database: parseDatabaseUrl(env.DATABASE_URL),
  idempotencyRetentionHours: env.IDEMPOTENCY_RETENTION_HOURS,
  logLevel: env.LOG_LEVEL,
  trustProxy: env.TRUST_PROXY,
  pgliteDurability: env.PGLITE_DURABILITY,
  databasePoolSize: env.DATABASE_POOL_SIZE,
  pgliteMinFreeBytes: env.PGLITE_MIN_FREE_MB * 1024 * 1024,
  /** A revoked token keeps working up to this long on a running server. */
  authCacheMs: env.AUTH_CACHE_MS,
  /** Webhooks: where (none: no deliveries are written), signed with what, how patiently. */
  webhooks: {
    endpoints: env.WEBHOOK_URL as readonly string[],
    secret: env.WEBHOOK_SECRET,
    maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
  },
  timerSettings: { followUpDays: env.FOLLOW_UP_DAYS },
  timerPollMs: env.TIMER_POLL_SECONDS * 1000,
  customerLinkHours: env.CUSTOMER_LINK_HOURS,
  /** Live inspection's port; none, no inspection. */
  inspectPort: env.INSPECT_PORT,
}));

export type Config = Readonly<z.output<typeof configSchema>>;

/**
 * Parses the environment once into a frozen, typed config. Throws one error naming every bad
 * variable, so a misconfigured start fails before it touches anything.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

/** The configuration of an empty environment: every default. */
export const defaultConfig: Config = loadConfig({});
