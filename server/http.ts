/**
 * HTTP plumbing shared by every route: the app's variables, bearer auth, the JSON body gate
 * (415 → 413 → 400 MALFORMED_JSON, in the contract's order), and one log line per request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Actor } from '../machines/index.js';
import { respondWithRefusal } from './errors.js';

export const BODY_LIMIT_BYTES = 256 * 1024;

export type AppEnv = {
  Variables: {
    actor: Actor;
    body: unknown;
    /** The case a request concerned, for the log line. */
    caseId?: string;
  };
};

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

export function requireStaff(authenticate: (token: string) => Promise<Actor | undefined>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('Authorization'));
    const actor = token ? await authenticate(token) : undefined;
    if (!actor) {
      c.header('WWW-Authenticate', 'Bearer');
      return respondWithRefusal(c, { code: 'UNAUTHENTICATED', message: 'a valid bearer token is required' });
    }
    c.set('actor', actor);
    await next();
  };
}

const limitBody = bodyLimit({
  maxSize: BODY_LIMIT_BYTES,
  onError: (c) =>
    respondWithRefusal(c, { code: 'PAYLOAD_TOO_LARGE', message: `the body is over the limit of ${BODY_LIMIT_BYTES} bytes` }),
});

/** Reads a JSON body into `c.var.body`, refusing other media types, oversized and unparsable bodies. */
export const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return respondWithRefusal(c, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as Content-Type: application/json' });
  }
  return limitBody(c, async () => {
    const text = await c.req.text();
    try {
      c.set('body', JSON.parse(text));
    } catch {
      return void (c.res = respondWithRefusal(c, { code: 'MALFORMED_JSON', message: 'the body is not valid JSON' }));
    }
    await next();
  });
};

export interface LogLine {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  caseId?: string;
  actor?: string;
}

/** One structured line per request. Never the token, never a body (signatures are images). */
export function requestLog(write: (line: LogLine) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    write({
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(c.get('caseId') ? { caseId: c.get('caseId') } : {}),
      ...(c.get('actor') ? { actor: c.get('actor').id } : {}),
    });
  };
}

/** `If-Match: "7"` → 7; `*` or absent → undefined (any version); anything else → NaN, which matches no version. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = header.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/);
  return match ? Number(match[1]) : Number.NaN;
}

export function setHeaders(c: Context, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
}
