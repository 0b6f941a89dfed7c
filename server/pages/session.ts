/**
 * Sessions for the screens, as cookies. Logging in checks a staff token once and opens a
 * server-side session (`../sessions.ts`): the httpOnly, SameSite=Strict cookie holds only the
 * session's random id, never the token, and is `Secure` whenever the browser came over TLS.
 * Every page request checks the session again (logout or revoking the member ends it at once);
 * a cookie naming no live session counts as a failed authentication, like a wrong bearer token.
 * Every form carries a CSRF token derived from the session id, so another site can neither read
 * it nor forge it; the login form, which has no session yet, uses a double-submit cookie instead.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Actor } from '../../machines/index.js';
import { clientAddress, isHttps, type FailureLimiter } from '../api/security.js';
import { SESSION_HOURS, type SessionStore } from '../core/sessions.js';
import { langs, type Lang } from './i18n.js';

export const SESSION_COOKIE = 'cf_session';
export const LOGIN_CSRF_COOKIE = 'cf_login';
export const LANG_COOKIE = 'cf_lang';

export type PageEnv = {
  Variables: {
    actor: Actor;
    lang: Lang;
    /** The token every form of this session must send back as `_csrf`. */
    csrf: string;
  };
};

/** The session's form companion: an HMAC keyed by the (secret) session id. */
export const csrfTokenFor = (sessionId: string) => createHmac('sha256', sessionId).update('caseflow form').digest('base64url');

export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function startSession(c: Context, sessionId: string) {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
  deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
}

export function endSession(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

export const sessionIdOf = (c: Context) => getCookie(c, SESSION_COOKIE);

/** A fresh double-submit value for the login form, set as a cookie only /login receives. */
export function loginCsrf(c: Context): string {
  const value = randomBytes(24).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, value, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/login', maxAge: 3600 });
  return value;
}

export const loginCsrfMatches = (c: Context, submitted: string | undefined) => sameSecret(getCookie(c, LOGIN_CSRF_COOKIE), submitted);

/** The language chosen with the switch, else the browser's first preference we speak. */
export function languageOf(c: Context): Lang {
  const chosen = getCookie(c, LANG_COOKIE);
  if (chosen && (langs as readonly string[]).includes(chosen)) return chosen as Lang;
  const wanted = (c.req.header('Accept-Language') ?? '').split(',')[0]!.trim();
  // Chinese means Simplified unless the browser asks for Traditional (Taiwan, Hong Kong, Macau, or Hant).
  if (/^zh\b/i.test(wanted)) return /hant|tw|hk|mo/i.test(wanted) ? 'zh-Hant' : 'zh-Hans';
  return 'en';
}

export function chooseLanguage(c: Context, lang: Lang) {
  setCookie(c, LANG_COOKIE, lang, { sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: 365 * 24 * 3600 });
}

const THIS_ORIGIN = 'http://caseflow.invalid';

/**
 * A path on this site to return to, never another origin. The candidate is resolved the way a
 * browser resolves a `Location` (which drops tabs and newlines and reads `\\` as `/`, so
 * `/%09/evil.example` means `//evil.example`), and only a same-origin result is kept, normalized.
 */
export function localPath(candidate: string | undefined, fallback = '/'): string {
  if (!candidate || !candidate.startsWith('/')) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(candidate, THIS_ORIGIN);
  } catch {
    return fallback;
  }
  if (resolved.origin !== THIS_ORIGIN) return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}

/** Control characters (CR, LF, NUL, …) have no business in a return path: such a request is refused. */
export const hasControlCharacters = (value: string | undefined) => value !== undefined && /[\u0000-\u001f\u007f]/.test(value);

/**
 * Lets a request through only with a live session (and, for a POST, the session's CSRF token):
 * otherwise a GET goes to the login page and anything else is refused. A client that keeps
 * sending dead session cookies is answered 429, like one guessing bearer tokens.
 */
export function requireSession(sessions: SessionStore, failures?: FailureLimiter): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    c.set('lang', languageOf(c));
    c.header('Cache-Control', 'no-store');
    const sessionId = sessionIdOf(c);
    const actor = sessionId ? await sessions.member(sessionId) : undefined;
    if (!sessionId || !actor) {
      if (sessionId) {
        const client = clientAddress(c);
        const wait = failures && client !== undefined ? failures.fail(client) : 0;
        if (wait > 0) {
          c.header('Retry-After', String(wait));
          return c.text(`Too many failed sign-ins from here: try again in ${wait} s.`, 429);
        }
        endSession(c);
      }
      if (c.req.method === 'GET') {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      return c.text('Your session has ended: log in again.', 401);
    }
    c.set('actor', actor);
    c.set('csrf', csrfTokenFor(sessionId));
    await next();
  };
}

/** For form posts: the body's `_csrf` must be this session's token (checked after the session). */
export function csrfMatches(c: Context<PageEnv>, form: Record<string, unknown>): boolean {
  const submitted = typeof form._csrf === 'string' ? form._csrf : undefined;
  return sameSecret(c.get('csrf'), submitted);
}
