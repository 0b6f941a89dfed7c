/**
 * The contract's error codes as HTTP: each refusal (a value the engine and the pure core return)
 * becomes `{"error": {code, message, details}}` with the matching status.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, Refusal } from '../../machines/index.js';

export { fieldProblems, ok, refuse, type ErrorCode, type Refusal, type Result } from '../../machines/index.js';

export const errorStatus = {
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TRANSITION_NOT_ALLOWED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  VERSION_MISMATCH: 412,
  LINK_GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export function errorBody(refusal: Refusal) {
  return { error: { code: refusal.code, message: refusal.message, details: refusal.details ?? null } };
}

export function respondWithRefusal(c: Context, refusal: Refusal) {
  return c.json(errorBody(refusal), errorStatus[refusal.code]);
}
