/**
 * Sessions for the screens. Logging in checks a staff token once and keeps it in an httpOnly,
 * SameSite=Strict cookie; every page request checks it again (a revoked token ends the session at
 * once). Every form carries a CSRF token derived from the session token, so another site can
 * neither read it nor forge it; the login form, which has no session yet, uses a double-submit
 * cookie instead.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Actor } from '../../machines/index.js';
import { langs, type Lang } from './i18n.js';

export const SESSION_COOKIE = 'cf_session';
export const LOGIN_CSRF_COOKIE = 'cf_login';
export const LANG_COOKIE = 'cf_lang';
const SESSION_HOURS = 12;

export type PageEnv = {
  Variables: {
    actor: Actor;
    lang: Lang;
    /** The token every form of this session must send back as `_csrf`. */
    csrf: string;
  };
};

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';

/** The session token's form companion: an HMAC keyed by the (secret) session token. */
export const csrfTokenFor = (sessionToken: string) =>
  createHmac('sha256', sessionToken).update('caseflow form').digest('base64url');

export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function startSession(c: Context, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
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

export const sessionToken = (c: Context) => getCookie(c, SESSION_COOKIE);

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

/** A path on this site to return to, never another origin. */
export function localPath(candidate: string | undefined, fallback = '/'): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return fallback;
  return candidate;
}

/**
 * Lets a request through only with a valid session (and, for a POST, the session's CSRF
 * token): otherwise a GET goes to the login page and anything else is refused.
 */
export function requireSession(authenticate: (token: string) => Promise<Actor | undefined>): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    c.set('lang', languageOf(c));
    c.header('Cache-Control', 'no-store');
    const token = sessionToken(c);
    const actor = token ? await authenticate(token) : undefined;
    if (!token || !actor) {
      if (token) endSession(c);
      if (c.req.method === 'GET') {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      return c.text('Your session has ended: log in again.', 401);
    }
    c.set('actor', actor);
    c.set('csrf', csrfTokenFor(token));
    await next();
  };
}

/** For form posts: the body's `_csrf` must be this session's token (checked after the session). */
export function csrfMatches(c: Context<PageEnv>, form: Record<string, unknown>): boolean {
  const submitted = typeof form._csrf === 'string' ? form._csrf : undefined;
  return sameSecret(c.get('csrf'), submitted);
}
