/** @jsxImportSource hono/jsx */
/**
 * The screens, served by the API's own server and rendered here: login, the managers' board,
 * the front desk, QA, and each case. Pages call the engine and queries in-process, exactly as
 * the routes do, so a screen can never do what the API would refuse.
 */
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import { describeProcess, stateInfo } from '../../machines/describe.js';
import { findProcess, processes, type Actor } from '../../machines/index.js';
import type { Board } from '../board.js';
import type { CaseView } from '../caseView.js';
import type { Engine } from '../engine.js';
import { errorStatus, type Refusal } from '../errors.js';
import type { Queries } from '../queries.js';
import { clientAddress, type FailureLimiter } from '../security.js';
import { ageChoices, BoardPage, type BoardSection } from './board.js';
import { CasePage, type Refused } from './case.js';
import { fieldsOf, formFromValue, textValues, type FieldProblem, type FormValues } from './fields.js';
import { problemsOf, readForm } from './submit.js';
import { eventName, t, type Lang } from './i18n.js';
import { Layout, type LayoutProps } from './layout.js';
import { DeskPage, QaPage, type NewCaseForm } from './lists.js';
import { LoginPage } from './login.js';
import {
  chooseLanguage,
  csrfMatches,
  endSession,
  languageOf,
  localPath,
  loginCsrf,
  loginCsrfMatches,
  requireSession,
  startSession,
  type PageEnv,
} from './session.js';
import { suggestedPayload } from './suggest.js';
import { vendorRoutes } from './vendor.js';

const staticRoot = fileURLToPath(new URL('./static', import.meta.url));

/** Form posts carry signature images (up to 200 000 characters each): a generous bound. */
const FORM_LIMIT_BYTES = 1024 * 1024;

export interface PageDependencies {
  engine: Engine;
  queries: Queries;
  board: Board;
  clock: () => Date;
  authenticate: (token: string) => Promise<Actor | undefined>;
  /** The API's limiter of failed authentications, so the login form is no way around it. */
  authFailures?: FailureLimiter;
}

const homeOf = (actor: Actor) => (actor.role === 'manager' ? '/board' : actor.role === 'qa' ? '/qa' : '/desk');

function here(c: Context) {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

function render(c: Context, status: number, layout: Omit<LayoutProps, 'children' | 'here'>, body: Child) {
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!DOCTYPE html>${(<Layout {...layout} here={here(c)}>{body}</Layout>)}`, status as 200);
}

const labeller = (type: string, lang: Lang) => (path: string) => {
  const definition = findProcess(type);
  return (definition && stateInfo(definition, path)?.label[lang]) ?? path;
};

const currencyOf = (view: CaseView) => String((view.context as { currency?: unknown }).currency ?? 'CNY');

export function pageRoutes(deps: PageDependencies) {
  const { engine, queries, board, clock } = deps;
  const session = requireSession(deps.authenticate);
  const formLimit = bodyLimit({ maxSize: FORM_LIMIT_BYTES, onError: (c) => c.text('The form is too large.', 413) });
  const pages = new Hono<PageEnv>();

  pages.route('/static/vendor', vendorRoutes());
  pages.use('/static/*', serveStatic({ root: staticRoot, rewriteRequestPath: (path) => path.replace(/^\/static/, '') }));

  // ── Login, logout, language ───────────────────────────────────────────────────────────────

  pages.get('/login', async (c) => {
    const lang = languageOf(c);
    const next = localPath(c.req.query('next'));
    return render(c, 200, { lang, title: t(lang, 'login') }, <LoginPage lang={lang} csrf={loginCsrf(c)} next={next} />);
  });

  pages.post('/login', formLimit, async (c) => {
    const lang = languageOf(c);
    const form = textValues(await c.req.parseBody());
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
    startSession(c, token);
    return c.redirect(next === '/' ? homeOf(actor) : next, 303);
  });

  pages.post('/logout', session, formLimit, async (c) => {
    const form = textValues(await c.req.parseBody());
    if (!csrfMatches(c, form)) return c.text(t(c.get('lang'), 'formExpired'), 403);
    endSession(c);
    return c.redirect('/login', 303);
  });

  pages.get('/lang/:lang{en|zh}', (c) => {
    chooseLanguage(c, c.req.param('lang') as Lang);
    return c.redirect(localPath(c.req.query('back')), 303);
  });

  pages.get('/', session, (c) => c.redirect(homeOf(c.get('actor')), 303));

  // ── The board ─────────────────────────────────────────────────────────────────────────────

  pages.get('/board', session, async (c) => {
    const lang = c.get('lang');
    const now = clock();
    const requestedState = (c.req.query('state') ?? '').slice(0, 200);
    let process = findProcess(c.req.query('process') ?? '')?.type ?? '';
    // A state alone names its process.
    if (!process && requestedState) process = processes.find((p) => stateInfo(p, requestedState))?.type ?? '';
    const state = process && stateInfo(findProcess(process)!, requestedState) ? requestedState : '';
    const age = Number(c.req.query('age') ?? 0);
    const ageMinutes = ageChoices.some((a) => a.minutes === age) ? age : 0;

    const choices = processes.map((p) => ({
      type: p.type,
      title: p.title[lang],
      states: describeProcess(p)
        .states.filter((s) => !s.final)
        .map((s) => ({ path: s.path, label: s.label[lang] })),
    }));
    const sections: BoardSection[] = await Promise.all(
      choices
        .filter((p) => !process || p.type === process)
        .map(async (p): Promise<BoardSection> => {
          const link = (s: string) => `/board?${new URLSearchParams({ process: p.type, state: s, age: String(ageMinutes) })}`;
          const [svg, stuck] = await Promise.all([
            board.diagram(p.type, { lang, link, selected: state || undefined }),
            board.stuckCases({ type: p.type, state: state || undefined, minAgeMinutes: ageMinutes, limit: 50 }),
          ]);
          return { type: p.type, title: p.title, states: p.states, svg: svg!, stuck, labelOf: labeller(p.type, lang) };
        }),
    );
    return render(
      c,
      200,
      { lang, title: t(lang, 'board'), actor: c.get('actor'), csrf: c.get('csrf'), active: 'board' },
      <BoardPage lang={lang} now={now} filters={{ process, state, ageMinutes }} processes={choices} sections={sections} />,
    );
  });

  // ── Front desk and QA lists, and opening a case ───────────────────────────────────────────

  const LIST_LIMIT = 200;

  async function openCases(type: string, q: string) {
    const page = await queries.listCases({ type, status: 'active', q: q || undefined, limit: LIST_LIMIT });
    return { cases: page!.items, truncated: page!.nextCursor ? LIST_LIMIT : null };
  }

  function newCaseForm(type: string, values: FormValues = {}, refusal?: { message: string; problems: FieldProblem[] }): NewCaseForm {
    return { type, fields: fieldsOf(findProcess(type)!.inputSchema), values, problems: refusal?.problems ?? [], error: refusal?.message };
  }

  async function deskPage(c: Context<PageEnv>, status: number, form: NewCaseForm) {
    const lang = c.get('lang');
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const { cases, truncated } = await openCases('work-order', q);
    const definition = findProcess('work-order')!;
    const steps = [...new Set(describeProcess(definition).states.filter((s) => !s.final).map((s) => s.step))];
    const byEntry = (a: CaseView, b: CaseView) => Date.parse(a.stateEnteredAt) - Date.parse(b.stateEnteredAt);
    const groups = steps
      .map((step) => ({
        step,
        label: (definition.machine.root.states[step]?.meta as { label?: Record<Lang, string> } | undefined)?.label?.[lang] ?? step,
        cases: cases.filter((v) => v.step === step).sort(byEntry),
      }))
      .filter((g) => g.cases.length > 0);
    return render(
      c,
      status,
      { lang, title: t(lang, 'desk'), actor: c.get('actor'), csrf: c.get('csrf'), active: 'desk' },
      <DeskPage lang={lang} now={clock()} csrf={c.get('csrf')} q={q} labelOf={labeller('work-order', lang)} groups={groups} newCase={form} truncated={truncated} />,
    );
  }

  async function qaPage(c: Context<PageEnv>, status: number, form: NewCaseForm) {
    const lang = c.get('lang');
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const { cases, truncated } = await openCases('complaint', q);
    // Overdue first (most overdue on top), then the oldest.
    const complaints = [...cases].sort((a, b) =>
      a.stuck !== b.stuck ? (a.stuck ? -1 : 1) : a.stuck ? Date.parse(a.dueAt!) - Date.parse(b.dueAt!) : Date.parse(a.createdAt) - Date.parse(b.createdAt),
    );
    return render(
      c,
      status,
      { lang, title: t(lang, 'qa'), actor: c.get('actor'), csrf: c.get('csrf'), active: 'qa' },
      <QaPage lang={lang} now={clock()} csrf={c.get('csrf')} q={q} labelOf={labeller('complaint', lang)} complaints={complaints} newCase={form} truncated={truncated} />,
    );
  }

  pages.get('/desk', session, (c) => deskPage(c, 200, newCaseForm('work-order')));
  pages.get('/qa', session, (c) => qaPage(c, 200, newCaseForm('complaint')));

  pages.post('/cases', session, formLimit, async (c) => {
    const lang = c.get('lang');
    const form = textValues(await c.req.parseBody());
    if (!csrfMatches(c, form)) return c.text(t(lang, 'formExpired'), 403);
    const definition = findProcess(form._type ?? '');
    if (!definition) return c.text('unknown process', 400);
    const listPage = definition.type === 'complaint' ? qaPage : deskPage;
    const read = readForm(definition.inputSchema, form, lang, form.currency || 'CNY');
    if (!read.ok) return listPage(c, 400, newCaseForm(definition.type, form, read));
    const result = await engine.openCase(c.get('actor'), { type: definition.type, input: read.value });
    if (!result.ok) {
      const refusal = result.refusal;
      return listPage(c, errorStatus[refusal.code], newCaseForm(definition.type, form, { message: refusal.message, problems: problemsOf(refusal, lang) }));
    }
    return c.redirect(`/cases/${result.value.body.id}?created=1`, 303);
  });

  // ── One case ──────────────────────────────────────────────────────────────────────────────

  async function casePage(
    c: Context<PageEnv>,
    id: string,
    status: number,
    extra: { refused?: Refused; notice?: (view: CaseView) => string | undefined } = {},
  ) {
    const lang = c.get('lang');
    const actor = c.get('actor');
    const [view, journal] = await Promise.all([queries.getCase(id), queries.journalOf(id)]);
    if (!view || !journal) {
      return render(c, 404, { lang, title: t(lang, 'notFound'), actor, csrf: c.get('csrf') }, <p class="empty">{t(lang, 'notFound')}</p>);
    }
    const definition = findProcess(view.type)!;
    const now = clock();
    const suggested = (event: string) => formFromValue(fieldsOf(definition.eventSchemas[event]!), suggestedPayload(view, event, actor, now), currencyOf(view));
    return render(
      c,
      status,
      { lang, title: view.number, actor, csrf: c.get('csrf'), active: view.type === 'complaint' ? 'qa' : 'desk' },
      <CasePage
        lang={lang}
        now={now}
        csrf={c.get('csrf')}
        actor={actor}
        view={view}
        definition={definition}
        state={stateInfo(definition, view.state)}
        journal={journal}
        labelOf={labeller(view.type, lang)}
        suggested={suggested}
        refused={extra.refused}
        notice={extra.notice?.(view)}
      />,
    );
  }

  pages.get('/cases/:id', session, (c) => {
    const lang = c.get('lang');
    const done = c.req.query('done');
    const created = c.req.query('created') !== undefined;
    const notice = (view: CaseView) =>
      created ? t(lang, 'created', { number: view.number }) : done ? t(lang, 'recorded', { event: eventName(lang, done) }) : undefined;
    return casePage(c, c.req.param('id'), 200, { notice });
  });

  pages.post('/cases/:id/events', session, formLimit, async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    const form = textValues(await c.req.parseBody());
    if (!csrfMatches(c, form)) return c.text(t(lang, 'formExpired'), 403);
    const view = await queries.getCase(id);
    if (!view) return casePage(c, id, 404);
    const definition = findProcess(view.type)!;
    const event = form._event ?? '';
    const schema = Object.hasOwn(definition.eventSchemas, event) ? definition.eventSchemas[event] : undefined;
    if (!schema) {
      return casePage(c, id, 400, { refused: { event, message: `${JSON.stringify(event)} is not an event of the ${view.type} process`, problems: [], values: form } });
    }
    const read = readForm(schema, form, lang, currencyOf(view));
    if (!read.ok) return casePage(c, id, 400, { refused: { event, message: read.message, problems: read.problems, values: form } });
    const version = Number(form._version);
    const result = await engine.sendEvent(c.get('actor'), id, { type: event, ...read.value }, { ifMatch: Number.isInteger(version) ? version : undefined });
    if (!result.ok) {
      const refusal = result.refusal;
      const message = refusal.code === 'VERSION_MISMATCH' ? t(lang, 'staleForm') : refusal.message;
      const values = refusal.code === 'VERSION_MISMATCH' ? {} : form;
      return casePage(c, id, errorStatus[refusal.code], { refused: { event, message, problems: problemsOf(refusal, lang), values } });
    }
    return c.redirect(`/cases/${id}?done=${encodeURIComponent(event)}`, 303);
  });

  return pages;
}
