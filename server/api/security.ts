/**
 * Defences every response and every request share: standard security headers with a
 * Content-Security-Policy, a per-client limit on failed authentications, a bound on how deeply
 * a JSON body may nest, and the text PostgreSQL cannot store.
 */
import { randomFillSync } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceOffset = noncePool.length;

/**
 * The response's script nonce (as hono's own `NONCE`: 16 random bytes, base64, kept in
 * `secureHeadersNonce`), drawn from a buffer the CSPRNG refills every 256 responses instead of
 * called for each one; no bytes are ever handed out twice.
 */
function NONCE(c: Context): string {
  let nonce = c.get('secureHeadersNonce');
  if (!nonce) {
    if (nonceOffset === noncePool.length) {
      randomFillSync(noncePool);
      nonceOffset = 0;
    }
    nonce = noncePool.toString('base64', nonceOffset, (nonceOffset += NONCE_BYTES));
    c.set('secureHeadersNonce', nonce);
  }
  return `'nonce-${nonce}'`;
}

/**
 * Security headers on every response, errors included. Scripts and everything else load only
 * from this origin; an inline script runs only if it carries this response's nonce
 * (`<script nonce=${c.get('secureHeadersNonce')}>`). Images may also be `data:` URLs
 * (signatures); inline styles are allowed, since they cannot run code.
 */
export const securityHeaders = () =>
  secureHeaders({
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
  });

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

