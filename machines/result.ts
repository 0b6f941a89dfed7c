/**
 * Refusals as values: the pure core and the engine return them, the HTTP layer turns them into
 * the contract's `{"error": {code, message, details}}` with the matching status.
 */
import type { ZodError } from 'zod';

/** The contract's error codes (CONTRACT.md "Errors"). */
export const errorCodes = [
  'MALFORMED_JSON',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'TRANSITION_NOT_ALLOWED',
  'IDEMPOTENCY_KEY_REUSED',
  'VERSION_MISMATCH',
  'LINK_GONE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

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

export interface FieldProblem {
  path: string;
  message: string;
}

/** Each field's problem, as `details` of a VALIDATION_FAILED refusal. */
export function fieldProblems(error: ZodError, prefix: Array<string | number> = []): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))].join('.') || '(body)',
    message: issue.message,
  }));
}

// PostgreSQL text cannot hold NUL, and a lone surrogate is no Unicode at all: neither may enter the journal.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** The path of the first string (or key) in `value` that cannot be stored as text, if any. */
export function unstorableTextPath(value: unknown): string | undefined {
  // The keys down to the value being looked at: joined into a path only for the one found (every
  // event's payload is walked, a signature's strokes point by point).
  const keys: string[] = [];
  const found = (current: unknown): boolean => {
    if (typeof current === 'string') return unstorable(current);
    if (current === null || typeof current !== 'object') return false;
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) {
        const child: unknown = current[index];
        if (typeof child === 'number' || typeof child === 'boolean' || child === null) continue;
        keys.push(String(index));
        if (found(child)) return true;
        keys.pop();
      }
      return false;
    }
    for (const key of Object.keys(current)) {
      keys.push(key);
      if (unstorable(key) || found((current as Record<string, unknown>)[key])) return true;
      keys.pop();
    }
    return false;
  };
  return found(value) ? keys.join('.') || '(body)' : undefined;
}

/** A refusal for text that cannot be stored (NUL, unpaired surrogates), which the schemas let through. */
export function unstorableText(data: unknown, prefix?: string): { ok: false; refusal: Refusal } | undefined {
  const path = unstorableTextPath(data);
  if (path === undefined) return undefined;
  return refuse('VALIDATION_FAILED', 'text may not contain NUL characters or unpaired surrogates', [
    { path: prefix ? `${prefix}.${path}` : path, message: 'contains a NUL character or an unpaired surrogate' },
  ]);
}
