/** @jsxImportSource hono/jsx */
/** `/cases/:id`: one case, and its forms posting events to the engine. */
import { Hono, type Context } from 'hono';
import { stateInfo } from '../../../machines/describe.js';
import { findProcess } from '../../../machines/index.js';
import { errorStatus } from '../../api/errors.js';
import type { CaseView } from '../../core/caseView.js';
import { CasePage, type Refused } from '../case.js';
import { CustomerHistory } from '../customers.js';
import { LinkedCases } from '../linked.js';
import { fieldsOf, formFromValue, textValues, valueFromForm, type FieldProblem } from '../fields.js';
import { eventName, t } from '../i18n.js';
import { formLimit, labeller, render, type PageDependencies } from '../render.js';
import { currencyOf, problemsOf, readForm } from '../submit.js';
import { signingUrl } from '../../api/customerLinks.js';
import { customerEvents } from '../../core/links.js';
import { qrSvg } from '../qr.js';
import { LinkPanel } from '../sign.js';
import { PrintSheet } from '../print.js';
import { csrfMatches, type PageEnv, type requireSession } from '../session.js';

export function casePages({ engine, queries, clock, customers, links, board }: PageDependencies, session: ReturnType<typeof requireSession>) {
  const pages = new Hono<PageEnv>();

  async function casePage(
    c: Context<PageEnv>,
    id: string,
    status: number,
    extra: { refused?: Refused; notice?: (view: CaseView) => string | undefined; link?: { token: string; expiresAt?: string } } = {},
  ) {
    const lang = c.get('lang');
    const actor = c.get('actor');
    const [view, journal] = await Promise.all([queries.getCase(id), queries.journalOf(id)]);
    if (!view || !journal) {
      return render(c, 404, { lang, title: t(lang, 'notFound'), actor, csrf: c.get('csrf') }, <p class="empty">{t(lang, 'notFound')}</p>);
    }
    const definition = findProcess(view.type, view.definitionVersion)!;
    const now = clock();
    const labelOf = (type: string, state: string) => labeller(type, lang)(state);
    const context = view.context as Record<string, unknown>;
    const [customer, naming, ...linked] = await Promise.all([
      customers.ofCase(view.id),
      queries.casesNaming(view.id),
      ...Object.keys(definition.links).map((field) => (typeof context[field] === 'string' ? queries.getCase(context[field]) : undefined)),
    ]);
    const related = (
      <>
        {customer ? <CustomerHistory lang={lang} caseId={view.id} file={customer} labelOf={labelOf} /> : null}
        <LinkedCases lang={lang} linked={linked.filter((v): v is CaseView => v !== undefined)} labelOf={labelOf} />
        <LinkedCases lang={lang} linked={naming} labelOf={labelOf} naming />
      </>
    );
    // A link just made for this case: shown with its QR code while it can still be used.
    const opened = extra.link ? await links.open(extra.link.token) : undefined;
    const link = opened?.ok && opened.value.view.id === view.id ? { url: signingUrl(c, extra.link!.token), event: opened.value.event } : undefined;
    const qr = link ? await qrSvg(link.url, t(lang, 'scanToSign')) : undefined;
    // Cases this one links to by id, shown by number.
    const numbers = Object.fromEntries(linked.filter((v): v is CaseView => v !== undefined).map((v) => [v.id, v.number]));
    // The way this case took through its process, drawn on the process's diagram.
    const moves = journal.filter((e) => e.from && e.from !== e.to).map((e) => [e.from!, e.to] as const);
    const diagram = await board.diagram(view.type, {
      lang,
      path: { visited: [...new Set(journal.flatMap((e) => [e.from, e.to]).filter((s): s is string => !!s))], moves, current: view.state },
    });
    const suggested = (event: string) => {
      const { schema, formDefaults } = definition.events[event]!;
      return formFromValue(fieldsOf(schema, definition.fields), formDefaults?.(view.context, { actor, now }) ?? {}, currencyOf(view.context));
    };
    return render(
      c,
      status,
      { lang, title: view.number, actor, csrf: c.get('csrf'), active: definition.list.path },
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
        related={related}
        numbers={numbers}
        diagram={diagram}
        customerSigns={customerEvents(view).filter((e) => definition.events[e]!.roles.includes(actor.role))}
        linkPanel={(event) => (
          <LinkPanel lang={lang} csrf={c.get('csrf')} caseId={view.id} event={event} qr={qr} url={link?.url} />
        )}
      />,
    );
  }

  pages.get('/cases/:id', session, (c) => {
    const lang = c.get('lang');
    const done = c.req.query('done');
    const created = c.req.query('created') !== undefined;
    const notice = (view: CaseView) =>
      created ? t(lang, 'created', { number: view.number }) : done ? t(lang, 'recorded', { event: eventName(lang, findProcess(view.type, view.definitionVersion), done) }) : undefined;
    const token = c.req.query('link');
    return casePage(c, c.req.param('id'), 200, { notice, link: token ? { token } : undefined });
  });

  pages.get('/cases/:id/print', session, async (c) => {
    const lang = c.get('lang');
    const view = await queries.getCase(c.req.param('id'));
    if (!view) return render(c, 404, { lang, title: t(lang, 'notFound'), actor: c.get('actor'), csrf: c.get('csrf') }, <p class="empty">{t(lang, 'notFound')}</p>);
    const definition = findProcess(view.type, view.definitionVersion)!;
    return render(
      c,
      200,
      { lang, title: `${view.number} · ${t(lang, 'printView')}`, actor: c.get('actor'), csrf: c.get('csrf'), active: definition.list.path },
      <PrintSheet lang={lang} view={view} definition={definition} now={clock()} />,
    );
  });

  pages.post('/cases/:id/customer-link', session, formLimit, async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    const form = textValues(await c.req.parseBody());
    if (!csrfMatches(c, form)) return c.text(t(lang, 'formExpired'), 403);
    const made = await links.create(c.get('actor'), id, { event: form._event ?? '' });
    if (!made.ok) {
      return casePage(c, id, errorStatus[made.refusal.code], { refused: { event: form._event ?? '', message: made.refusal.message, problems: [], values: {} } });
    }
    return c.redirect(`/cases/${id}?link=${encodeURIComponent(made.value.token)}#customer-link`, 303);
  });

  pages.post('/cases/:id/events', session, formLimit, async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    const form = textValues(await c.req.parseBody());
    if (!csrfMatches(c, form)) return c.text(t(lang, 'formExpired'), 403);
    const view = await queries.getCase(id);
    if (!view) return casePage(c, id, 404);
    const definition = findProcess(view.type, view.definitionVersion)!;
    const event = form._event ?? '';
    const schema = Object.hasOwn(definition.events, event) ? definition.events[event]!.schema : undefined;
    if (!schema) {
      return casePage(c, id, 400, { refused: { event, message: `${JSON.stringify(event)} is not an event of the ${view.type} process`, problems: [], values: form } });
    }
    // Who may send it is the engine's first word (403 before any problem with the form).
    const mayDo = (definition.events[event]!.roles as readonly string[]).includes(c.get('actor').role);
    if (!mayDo) {
      return casePage(c, id, 403, { refused: { event, message: `a ${c.get('actor').role} may not send "${event}"`, problems: [], values: form } });
    }
    if (definition.events[event]!.confirm?.(view.context) && form._confirmed !== 'yes') {
      return casePage(c, id, 400, { refused: { event, message: t(lang, 'confirmRequired'), problems: [], values: form } });
    }
    const read = readForm(schema, definition.fields, form, lang, currencyOf(view.context));
    if (!read.ok) return casePage(c, id, 400, { refused: { event, message: read.message, problems: read.problems, values: form } });
    const version = Number(form._version);
    const result = await engine.sendEvent(c.get('actor'), id, { type: event, ...read.value }, { ifMatch: Number.isInteger(version) ? version : undefined });
    if (!result.ok) {
      const refusal = result.refusal;
      const message = refusal.code === 'VERSION_MISMATCH' ? t(lang, 'staleForm') : refusal.message;
      const values = refusal.code === 'VERSION_MISMATCH' ? {} : form;
      return casePage(c, id, errorStatus[refusal.code], { refused: { event, message, problems: problemsOf(refusal, definition.fields, lang), values } });
    }
    return c.redirect(`/cases/${id}?done=${encodeURIComponent(event)}`, 303);
  });

  return pages;
}
