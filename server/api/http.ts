/**
 * HTTP plumbing shared by every route: the app's variables, bearer auth, the JSON body gate
 * (415 → 413 → 400 MALFORMED_JSON, in the contract's order).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Actor } from '../../machines/index.js';
import type { Logger } from './log.js';
import { errorBody, errorStatus, respondWithRefusal, type Refusal } from './errors.js';
import { hashToken, type RememberedTokens } from '../core/staff.js';
import { clientAddress, MAX_JSON_DEPTH, nestsDeeperThan, type FailureLimiter } from './security.js';

export const BODY_LIMIT_BYTES = 256 * 1024;

export type AppEnv = {
  Variables: {
    actor: Actor;
    body: unknown;
    /** The case a request concerned, for the log line. */
    caseId?: string;
    requestId: string;
    log: Logger;
    clientAddress?: string;
    https?: boolean;
    /** The hash of a remembered bearer token this request started with, unconfirmed (see `requireStaff`). */
    sentWith?: string;
    /** Set when the engine's write confirmed `sentWith`: the sender's token, still active. */
    sentConfirmed?: boolean;
  };
};

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** The answer to a request without a valid bearer token: 401, or 429 once its client (by connection address) has failed too often. */
function unauthenticated(c: Context<AppEnv>, failures?: FailureLimiter): Response {
  const client = clientAddress(c);
  const waitSeconds = failures && client !== undefined ? failures.fail(client) : 0;
  const [refusal, headers]: [Refusal, Record<string, string>] =
    waitSeconds > 0
      ? [{ code: 'RATE_LIMITED', message: `too many failed authentications; try again in ${waitSeconds} s` }, { 'Retry-After': String(waitSeconds) }]
      : [{ code: 'UNAUTHENTICATED', message: 'a valid bearer token is required' }, { 'WWW-Authenticate': 'Bearer' }];
  return new Response(JSON.stringify(errorBody(refusal)), { status: errorStatus[refusal.code], headers: { 'Content-Type': 'application/json', ...headers } });
}

/** An event or an opening without an Idempotency-Key: the requests a remembered token may start, since their write can require the token itself (see `requireStaff`). */
const writesCheckingSender = (c: Context<AppEnv>) =>
  c.req.method === 'POST' && /^\/api\/cases(\/[^/]+\/events)?$/.test(c.req.path) && c.req.header('Idempotency-Key') === undefined;

/**
 * Bearer authentication for the API: the member a token belongs to, looked up before the request
 * is handled; without one, 401 (429 past the failure limit) before anything else is looked at.
 *
 * With `remembered`, an event or an opening sent with a token that authenticated here before
 * starts at once as that member (`sentWith`): the engine's write statement itself requires the
 * token to be the sender's and still active, and writes nothing otherwise. Any answer but the
 * write's success (a refusal, a malformed body) is given only after the token has been looked up
 * after all, and becomes 401 if it is no longer valid. So a revoked token never changes a case nor
 * learns anything, and the busiest requests save a round trip to the database.
 */
export function requireStaff(
  authenticate: (token: string) => Promise<Actor | undefined>,
  failures?: FailureLimiter,
  remembered?: RememberedTokens,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('Authorization'));
    const hash = token && remembered ? hashToken(token) : undefined;
    const known = hash && writesCheckingSender(c) ? remembered!.recall(hash) : undefined;
    if (token && hash && known) {
      c.set('actor', known);
      c.set('sentWith', hash);
      await next();
      if (c.get('sentConfirmed')) return;
      const actor = await authenticate(token);
      if (actor && actor.id === known.id && actor.role === known.role) return;
      remembered!.forget(hash);
      c.res = undefined;
      c.res = unauthenticated(c, failures);
      return;
    }
    const actor = token ? await authenticate(token) : undefined;
    if (!actor) {
      if (hash) remembered!.forget(hash);
      return unauthenticated(c, failures);
    }
    if (hash) remembered!.remember(hash, actor);
    c.set('actor', actor);
    await next();
  };
}

const limitBody = bodyLimit({ maxSize: BODY_LIMIT_BYTES, onError: (c) => tooLarge(c) });

/** Reads a JSON body into `c.var.body`, refusing other media types, oversized and unparsable bodies. */
export const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return respondWithRefusal(c, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as Content-Type: application/json' });
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && !incoming.readableDidRead) {
    const bytes = await readNodeBody(incoming, BODY_LIMIT_BYTES);
    if (bytes === undefined) return tooLarge(c);
    return parseBody(c, bytes, next);
  }
  return limitBody(c, async () => void (await parseBody(c, new Uint8Array(await c.req.arrayBuffer()), next)));
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text (a leading BOM dropped), or undefined when it is not valid UTF-8: never a U+FFFD stored in its place. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const tooLarge = (c: Context) =>
  respondWithRefusal(c, { code: 'PAYLOAD_TOO_LARGE', message: `the body is over the limit of ${BODY_LIMIT_BYTES} bytes` });

/**
 * The body's bytes, read straight from Node's request when the app runs on @hono/node-server:
 * building a web Request and its stream for the body cost more CPU than the rest of a
 * transition's HTTP handling. Undefined when the body is over `limit` bytes, declared or sent.
 */
function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  if (Number(incoming.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      incoming.off('data', onData);
      incoming.resume(); // the rest is discarded, and the connection stays usable
      resolve(undefined);
    };
    incoming.on('data', onData);
    incoming.once('error', reject);
    incoming.once('end', () => {
      if (size > limit) return;
      resolve(Buffer.concat(chunks, size));
    });
  });
}

/** Parses the text into `c.var.body` and goes on, or answers MALFORMED_JSON. */
async function parseBody(c: Context<AppEnv>, bytes: Uint8Array, next: Next): Promise<Response | undefined> {
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    return (c.res = respondWithRefusal(c, { code: 'MALFORMED_JSON', message: 'the body is not valid UTF-8' }));
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return (c.res = respondWithRefusal(c, { code: 'MALFORMED_JSON', message: 'the body is not valid JSON' }));
  }
  // A parser limit, as in most JSON parsers: no body of the contract nests anywhere near this deep.
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    return (c.res = respondWithRefusal(c, { code: 'MALFORMED_JSON', message: `the body nests deeper than ${MAX_JSON_DEPTH} levels` }));
  }
  c.set('body', body);
  await next();
}

/** `If-Match: "7"` → 7; `*` or absent → undefined (any version); anything else → NaN, which matches no version. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = header.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/);
  return match ? Number(match[1]) : Number.NaN;
}
