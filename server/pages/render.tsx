/** @jsxImportSource hono/jsx */
/** What every page route shares: how a page is answered, a state's label, a refusal's field problems, where staff land. */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import { stateInfo } from '../../machines/describe.js';
import { inLang, processes, processVersions, type Actor } from '../../machines/index.js';
import type { Board } from '../read/board.js';
import type { Engine } from '../core/engine.js';
import type { CustomerLinks } from '../core/links.js';
import type { CustomerFileReader } from '../read/customers.js';
import type { SessionStore } from '../core/sessions.js';
import type { Queries } from '../read/queries.js';
import type { RecallItem, RecallQuery } from '../read/recall.js';
import type { FailureLimiter } from '../api/security.js';
import type { Lang } from './i18n.js';
import { Layout, type LayoutProps } from './layout.js';

export interface PageDependencies {
  engine: Engine;
  queries: Queries;
  board: Board;
  clock: () => Date;
  links: CustomerLinks;
  authenticate: (token: string) => Promise<Actor | undefined>;
  /** The API's limiter of failed authentications, so the login form and session cookies are no way around it. */
  authFailures?: FailureLimiter;
  customers: CustomerFileReader;
  recall(query: RecallQuery): Promise<RecallItem[]>;
  sessions: SessionStore;
}

/** Form posts carry signature images (up to 200 000 characters each): a generous bound. */
const FORM_LIMIT_BYTES = 1024 * 1024;
export const formLimit = bodyLimit({ maxSize: FORM_LIMIT_BYTES, onError: (c) => c.text('The form is too large.', 413) });

/**
 * Where a member of staff lands: managers on the board, others on a list that names their role,
 * one made for a few roles (a process's other lists) before a process's general one.
 */
export function homeOf(actor: Actor): string {
  if (actor.role === 'manager') return '/board';
  const lists = [...processes.flatMap((p) => p.otherLists ?? []), ...processes.map((p) => p.list)];
  const home = lists.find((list) => (list.homeFor as readonly string[]).includes(actor.role));
  return home?.path ?? processes[0]?.list.path ?? '/board';
}

function here(c: Context) {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

export function render(c: Context, status: number, layout: Omit<LayoutProps, 'children' | 'here'>, body: Child) {
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!DOCTYPE html>${(<Layout {...layout} here={here(c)}>{body}</Layout>)}`, status as 200);
}

/**
 * The label of each state of a process, in `lang`: the current version's, else the latest earlier
 * version's that has the state (a case that lived on it); the path itself when none does.
 */
export const labeller = (type: string, lang: Lang) => (path: string) => {
  const label = [...processVersions(type)].reverse().map((definition) => stateInfo(definition, path)?.label).find(Boolean);
  return label ? inLang(label, lang) : path;
};
