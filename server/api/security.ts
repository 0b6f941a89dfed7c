/**
 * Defences every response and every request share: standard security headers with a
 * Content-Security-Policy, a per-client limit on failed authentications, a bound on how deeply
 * a JSON body may nest, and the text PostgreSQL cannot store.
 */
import { randomFillSync } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceOffset = noncePool.length;

/**
 * A script nonce (as hono's own `NONCE`: 16 random bytes, base64), drawn from a buffer the CSPRNG
 * refills every 256 responses instead of called for each one; no bytes are ever handed out twice.
 */
function freshNonce(): string {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  return noncePool.toString('base64', nonceOffset, (nonceOffset += NONCE_BYTES));
}

/** The response's nonce, kept where hono's `NONCE` keeps it (`secureHeadersNonce`). */
const NONCE = (c: Context) => `'nonce-${c.get('secureHeadersNonce')}'`;

/**
 * Scripts and everything else load only from this origin; an inline script runs only if it
 * carries this response's nonce (`<script nonce=${c.get('secureHeadersNonce')}>`). Images may also
 * be `data:` URLs (signatures); inline styles are allowed, since they cannot run code.
 */
const policy = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", NONCE],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
} satisfies Parameters<typeof secureHeaders>[0];

/**
 * The headers hono's `secureHeaders` gives a response under `policy`, read once from the
 * middleware itself with a placeholder nonce. Setting them per response through a web `Headers`
 * object (validated, lower-cased and sorted, then converted back for Node) cost about 15 µs a
 * request; as a plain object handed to the response they cost a fraction of that.
 */
const PLACEHOLDER = 'caseflow0nonce0placeholder';
const template: Array<[name: string, value: string]> = await (async () => {
  const probe = new Hono();
  probe.use(async (c, next) => {
    c.set('secureHeadersNonce', PLACEHOLDER);
    await next();
  });
  probe.use(secureHeaders(policy));
  probe.get('/', (c) => c.body(null, 204));
  return [...(await probe.request('/')).headers];
})();
const withNonce = template.find(([, value]) => value.includes(PLACEHOLDER));
if (!withNonce) throw new Error('secureHeaders no longer puts the script nonce in a header');
const [nonceHeader, beforeNonce, afterNonce] = [withNonce[0], ...withNonce[1].split(PLACEHOLDER)] as [string, string, string];
const fixedHeaders = Object.fromEntries(template.filter(([name]) => name !== nonceHeader));

type HeadersEnv = { Variables: { requestId: string; secureHeadersNonce?: string } };

/** Every header a response carries whatever it answers: the security headers with its own nonce, and the request's id. */
export function standardHeaders<E extends HeadersEnv>(c: Context<E>): Record<string, string> {
  return { ...fixedHeaders, [nonceHeader]: `${beforeNonce}${c.get('secureHeadersNonce')}${afterNonce}`, 'x-request-id': c.get('requestId') };
}

/** Responses made by `respond`: they carry the standard headers already. */
const complete = new WeakSet<Response>();

/**
 * A response with the standard headers and `headers`, as plain values: the way the busiest
 * answers (a case after an event) are made. Any other response gets them from `securityHeaders`.
 */
export function respond<E extends HeadersEnv>(c: Context<E>, body: string | Uint8Array<ArrayBuffer>, status: number, headers: Record<string, string>): Response {
  const response = new Response(body, { status, headers: { ...standardHeaders(c), ...headers } });
  complete.add(response);
  return response;
}

/**
 * The standard headers on every response, errors included: each request gets its nonce before it
 * is handled (pages put it on their scripts), and its answer the headers after.
 */
export const securityHeaders = (): MiddlewareHandler<HeadersEnv> => async (c, next) => {
  c.set('secureHeadersNonce', freshNonce());
  await next();
  if (complete.has(c.res)) return;
  const headers = c.res.headers;
  for (const [name, value] of Object.entries(standardHeaders(c))) headers.set(name, value);
};

export interface AuthFailureLimit {
  /** Failed authentications a client may make within one window; the next ones get 429. */
  max: number;
  windowMs: number;
}

export const defaultAuthFailureLimit: AuthFailureLimit = { max: 20, windowMs: 60_000 };

/** Clients remembered at most: beyond this the oldest windows are forgotten first. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * Counts failed authentications per client in fixed windows, in this process's memory (a
 * restart forgets them). Successful requests are neither counted nor limited.
 */
export function createFailureLimiter(limit: AuthFailureLimit = defaultAuthFailureLimit, now: () => number = Date.now) {
  const windows = new Map<string, { startedAt: number; failures: number }>();

  const open = (client: string) => {
    const window = windows.get(client);
    return window && now() - window.startedAt < limit.windowMs ? window : undefined;
  };

  function forgetOld() {
    for (const [client, window] of windows) if (now() - window.startedAt >= limit.windowMs) windows.delete(client);
    for (const client of windows.keys()) {
      if (windows.size < MAX_TRACKED_CLIENTS) break;
      windows.delete(client);
    }
  }

  return {
    /** Records one failure; answers how many seconds the client must wait, or 0 while it is under the limit. */
    fail(client: string): number {
      let window = open(client);
      if (!window) {
        if (windows.size >= MAX_TRACKED_CLIENTS) forgetOld();
        window = { startedAt: now(), failures: 0 };
        windows.delete(client);
        windows.set(client, window);
      }
      window.failures += 1;
      if (window.failures <= limit.max) return 0;
      return Math.max(1, Math.ceil((window.startedAt + limit.windowMs - now()) / 1000));
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;

export type ConnectionEnv = { Variables: { clientAddress?: string; https?: boolean } };

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who is asking, and over what: the connection's address and scheme, or, with `trustProxy` (a
 * TLS-terminating proxy in front), what the proxy says in `X-Forwarded-Proto` and the last
 * address it appended to `X-Forwarded-For`. Without `trustProxy` those headers are ignored: any
 * client can write them.
 */
export function connectionInfo(trustProxy: boolean): MiddlewareHandler<ConnectionEnv> {
  return async (c, next) => {
    let https = c.req.url.startsWith('https:');
    let address = socketAddress(c);
    if (trustProxy) {
      const proto = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim().toLowerCase();
      if (proto) https = proto === 'https';
      const forwarded = c.req.header('X-Forwarded-For')?.split(',').map((hop) => hop.trim()).filter(Boolean);
      if (forwarded?.length) address = forwarded.at(-1);
    }
    c.set('clientAddress', address);
    c.set('https', https);
    await next();
  };
}

/**
 * The address a request came from (see `connectionInfo`). Undefined when there is none (a request
 * made in-process with `app.request()`): such a request is not rate limited.
 */
export function clientAddress(c: Context): string | undefined {
  return (c as Context<ConnectionEnv>).var.clientAddress ?? socketAddress(c);
}

/** Whether the browser reached us over TLS (directly, or through a trusted proxy). */
export const isHttps = (c: Context): boolean => (c as Context<ConnectionEnv>).var.https ?? c.req.url.startsWith('https:');

/** Deepest nesting a request body may have; the contract's deepest body nests 4 levels. */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than `max` arrays/objects (checked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

