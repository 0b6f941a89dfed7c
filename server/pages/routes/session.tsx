/** @jsxImportSource hono/jsx */
/** Logging in and out, choosing the language, and landing where a member of staff starts. */
import { Hono, type Context } from 'hono';
import { clientAddress } from '../../api/security.js';
import { textValues } from '../fields.js';
import { t, type Lang } from '../i18n.js';
import { LoginPage } from '../login.js';
import { formLimit, homeOf, render, type PageDependencies } from '../render.js';
import {
  chooseLanguage,
  csrfMatches,
  endSession,
  hasControlCharacters,
  languageOf,
  localPath,
  loginCsrf,
  loginCsrfMatches,
  type requireSession,
  sessionIdOf,
  startSession,
  type PageEnv,
} from '../session.js';

export function sessionPages(deps: PageDependencies, session: ReturnType<typeof requireSession>) {
  const pages = new Hono<PageEnv>();
  const hostilePath = (c: Context) => c.text('The return path is not a path on this site.', 400);

  pages.get('/login', async (c) => {
    const lang = languageOf(c);
    if (hasControlCharacters(c.req.query('next'))) return hostilePath(c);
    const next = localPath(c.req.query('next'));
    return render(c, 200, { lang, title: t(lang, 'login') }, <LoginPage lang={lang} csrf={loginCsrf(c)} next={next} />);
  });

  pages.post('/login', formLimit, async (c) => {
    const lang = languageOf(c);
    const form = textValues(await c.req.parseBody());
    if (hasControlCharacters(form.next)) return hostilePath(c);
    const next = localPath(form.next);
    const again = (status: number, error: string) =>
      render(c, status, { lang, title: t(lang, 'login') }, <LoginPage lang={lang} csrf={loginCsrf(c)} next={next} error={error} />);
    if (!loginCsrfMatches(c, form._csrf)) return again(403, t(lang, 'formExpired'));
    const token = (form.token ?? '').trim();
    const actor = token ? await deps.authenticate(token) : undefined;
    if (!actor) {
      const client = clientAddress(c);
      const wait = deps.authFailures && client !== undefined ? deps.authFailures.fail(client) : 0;
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return again(429, t(lang, 'tooManyTries'));
      }
      return again(401, t(lang, 'badToken'));
    }
    startSession(c, await deps.sessions.start(actor.id));
    return c.redirect(next === '/' ? homeOf(actor) : next, 303);
  });

  pages.post('/logout', session, formLimit, async (c) => {
    const form = textValues(await c.req.parseBody());
    if (!csrfMatches(c, form)) return c.text(t(c.get('lang'), 'formExpired'), 403);
    await deps.sessions.end(sessionIdOf(c)!);
    endSession(c);
    return c.redirect('/login', 303);
  });

  // `zh` (the first screens' word) is the default Chinese, Simplified.
  pages.get('/lang/:lang{en|zh|zh-Hans|zh-Hant}', (c) => {
    if (hasControlCharacters(c.req.query('back'))) return hostilePath(c);
    const lang = c.req.param('lang');
    chooseLanguage(c, (lang === 'zh' ? 'zh-Hans' : lang) as Lang);
    return c.redirect(localPath(c.req.query('back')), 303);
  });

  pages.get('/', session, (c) => c.redirect(homeOf(c.get('actor')), 303));

  return pages;
}
