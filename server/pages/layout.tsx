/** @jsxImportSource hono/jsx */
/** The frame of every page: head, navigation, language switch, who is logged in. */
import type { Child } from 'hono/jsx';
import { inLang, listsOf, processes, type Actor, type ListPage } from '../../machines/index.js';
import { recallRoles } from '../api/recall.js';
import { customerWords } from './customers.js';
import { langs, languageNames, roleName, t, type Lang } from './i18n.js';
import { recallWords } from './recall.js';
import { staticUrl, vendorUrl } from './vendor.js';

export interface LayoutProps {
  lang: Lang;
  title: string;
  /** The page's own path and query, for the language switch to come back to. */
  here: string;
  actor?: Actor;
  csrf?: string;
  /** The navigation entry this page belongs to: `/board`, or a process's list path. */
  active?: string;
  children?: Child;
}

/** Each process's list, and the other lists made for the viewer's role. */
const navigation = (actor: Actor): ListPage[] =>
  processes.flatMap((p) => listsOf(p).filter((list) => list === p.list || (list.homeFor as readonly string[]).includes(actor.role)));

export function Layout(props: LayoutProps) {
  const { lang } = props;
  const back = encodeURIComponent(props.here);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · caseflow`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={staticUrl('app.css')} />
        <script src={vendorUrl('signature_pad.js')} defer></script>
        <script src={staticUrl('app.js')} defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">
            caseflow
          </a>
          {props.actor ? (
            <nav>
              <a href="/board" class={props.active === '/board' ? 'active' : ''}>
                {t(lang, 'board')}
              </a>
              {navigation(props.actor).map((list) => (
                <a href={list.path} class={props.active === list.path ? 'active' : ''}>
                  {inLang(list.nav, lang)}
                </a>
              ))}
              <a href="/customers" class={props.active === '/customers' ? 'active' : ''}>
                {inLang(customerWords.title, lang)}
              </a>
              {(recallRoles as readonly string[]).includes(props.actor.role) ? (
                <a href="/recall" class={props.active === '/recall' ? 'active' : ''}>
                  {inLang(recallWords.title, lang)}
                </a>
              ) : null}
              <a href="/docs">{t(lang, 'apiDocs')}</a>
            </nav>
          ) : null}
          <div class="session">
            <nav class="langs" aria-label={t(lang, 'language')}>
              {langs.map((other) => (
                <a class="lang" href={`/lang/${other}?back=${back}`} hreflang={other} lang={other} aria-current={other === lang ? 'true' : undefined}>
                  {languageNames[other]}
                </a>
              ))}
            </nav>
            {props.actor ? (
              <>
                <span class="who">
                  {props.actor.name} <span class="role">{roleName(lang, props.actor.role)}</span>
                </span>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
                  <button type="submit" class="link">
                    {t(lang, 'logout')}
                  </button>
                </form>
              </>
            ) : null}
          </div>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** A notice above a page's content: the result of the last action. */
export function Notice({ kind, children }: { kind: 'ok' | 'error'; children?: Child }) {
  return (
    <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
