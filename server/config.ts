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
  /** The embedded database: `fsync` flushes every commit to the disk, `os-cache` leaves it to the operating system. */
  PGLITE_DURABILITY: optional(z.enum(['fsync', 'os-cache']).default('fsync')),
  /** The embedded database: writes answer 503 while its disk has less free space than this. */
  PGLITE_MIN_FREE_MB: optional(z.coerce.number().min(0).default(64)),
  /** How long a link for the customer to sign on their own phone stays valid. */
  CUSTOMER_LINK_HOURS: optional(z.coerce.number().positive().max(24 * 365).default(24)),
  /** How long the server keeps a token's member before asking the database again (0: every request asks). */
  AUTH_CACHE_MS: optional(z.coerce.number().int().min(0).max(60_000).default(0)),
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
  pgliteMinFreeBytes: env.PGLITE_MIN_FREE_MB * 1024 * 1024,
  /** A revoked token keeps working up to this long on a running server. */
  authCacheMs: env.AUTH_CACHE_MS,
  customerLinkHours: env.CUSTOMER_LINK_HOURS,
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
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

/** The configuration of an empty environment: every default. */
export const defaultConfig: Config = loadConfig({});
