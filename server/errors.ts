/**
 * The contract's error codes, and refusals as values: the engine returns them, the routes turn
 * them into `{"error": {code, message, details}}` with the matching status.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

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
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export interface Refusal {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refuse = (code: ErrorCode, message: string, details?: unknown): { ok: false; refusal: Refusal } => ({
  ok: false,
  refusal: { code, message, details },
});

/** Each field's problem, as `details` of a VALIDATION_FAILED refusal. */
export function fieldProblems(error: ZodError, prefix: Array<string | number> = []) {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))].join('.') || '(body)',
    message: issue.message,
  }));
}

export function errorBody(refusal: Refusal) {
  return { error: { code: refusal.code, message: refusal.message, details: refusal.details ?? null } };
}

export function respondWithRefusal(c: Context, refusal: Refusal) {
  return c.json(errorBody(refusal), errorStatus[refusal.code]);
}
