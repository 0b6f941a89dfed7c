/** @jsxImportSource hono/jsx */
/** Each process's list screens (at their modules' paths), and opening a case from their form. */
import { Hono, type Context } from 'hono';
import { describeProcess } from '../../../machines/describe.js';
import { findProcess, inLang, listsOf, processes, stateMeta, type ListPage, type ProcessDefinition } from '../../../machines/index.js';
import { errorStatus } from '../../api/errors.js';
import type { CaseView } from '../../core/caseView.js';
import { fieldsOf, textValues, type FieldProblem, type FormValues } from '../fields.js';
import { t } from '../i18n.js';
import { CaseListPage, type NewCaseForm } from '../lists.js';
import { formLimit, labeller, render, type PageDependencies } from '../render.js';
import { problemsOf, readForm } from '../submit.js';
import { csrfMatches, type PageEnv, type requireSession } from '../session.js';

const LIST_LIMIT = 200;

/** Open cases in the list's order: longest in its state first, or overdue first (most overdue on top) then the oldest. */
function ordered(cases: CaseView[], order: ProcessDefinition['list']['order']): CaseView[] {
  if (order === 'longestInState') return [...cases].sort((a, b) => Date.parse(a.stateEnteredAt) - Date.parse(b.stateEnteredAt));
  return [...cases].sort((a, b) =>
    a.stuck !== b.stuck ? (a.stuck ? -1 : 1) : a.stuck ? Date.parse(a.dueAt!) - Date.parse(b.dueAt!) : Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}

export function listPages({ engine, queries, clock }: PageDependencies, session: ReturnType<typeof requireSession>) {
  const pages = new Hono<PageEnv>();

  function newCaseForm(definition: ProcessDefinition, values: FormValues = {}, refusal?: { message: string; problems: FieldProblem[] }): NewCaseForm {
    return { type: definition.type, fields: fieldsOf(definition.inputSchema, definition.fields), values, problems: refusal?.problems ?? [], error: refusal?.message };
  }

  /** The open cases a list shows (those in its states, when it names some), and whether there are more than it shows. */
  async function openCases(definition: ProcessDefinition, list: ListPage, q: string) {
    // A search on the process's own list finds closed cases too (a customer back with a question).
    const status = q && list === definition.list ? undefined : 'active';
    const pages = await Promise.all(
      (list.states ?? [undefined]).map((state) => queries.listCases({ type: definition.type, status, state, q: q || undefined, limit: LIST_LIMIT })),
    );
    const items = pages.flatMap((page) => page!.items);
    return { items, truncated: pages.some((page) => page!.nextCursor) || items.length > LIST_LIMIT };
  }

  async function listPage(c: Context<PageEnv>, definition: ProcessDefinition, list: ListPage, status: number, form: NewCaseForm) {
    const lang = c.get('lang');
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const found = await openCases(definition, list, q);
    const cases = ordered(found.items, list.order).slice(0, LIST_LIMIT);
    const labelOf = labeller(definition.type, lang);
    const groups =
      list.groupBy === 'step'
        ? [...new Set(describeProcess(definition).states.filter((s) => q || !s.final).map((s) => s.step))].map((step) => ({
            step,
            label: inLang(stateMeta(definition.machine, step).label, lang),
            cases: cases.filter((v) => v.step === step),
          }))
        : [{ step: null, label: null, cases }];
    return render(
      c,
      status,
      { lang, title: inLang(list.nav, lang), actor: c.get('actor'), csrf: c.get('csrf'), active: list.path },
      <CaseListPage
        lang={lang}
        now={clock()}
        csrf={c.get('csrf')}
        q={q}
        list={list}
        labelOf={labelOf}
        groups={groups}
        newCase={definition.openedBy !== 'system' && list.newCase ? form : undefined}
        truncated={found.truncated ? LIST_LIMIT : null}
      />,
    );
  }

  for (const definition of processes) {
    for (const list of listsOf(definition)) pages.get(list.path, session, (c) => listPage(c, definition, list, 200, newCaseForm(definition)));
  }

  pages.post('/cases', session, formLimit, async (c) => {
    const lang = c.get('lang');
    const form = textValues(await c.req.parseBody());
    if (!csrfMatches(c, form)) return c.text(t(lang, 'formExpired'), 403);
    const definition = findProcess(form._type ?? '');
    if (!definition) return c.text('unknown process', 400);
    // A linked case is named by its number (WO-000012), never by its id.
    const unknown: FieldProblem[] = [];
    for (const [field, type] of Object.entries(definition.links)) {
      const typed = (form[field] ?? '').trim();
      if (!typed) continue;
      const found = (await queries.listCases({ type, q: typed, limit: 20 }))?.items.find((v) => v.number.toLowerCase() === typed.toLowerCase());
      if (found) form[field] = found.id;
      else unknown.push({ path: field, message: t(lang, 'noSuchNumber', { number: typed }) });
    }
    if (unknown.length) return listPage(c, definition, definition.list, 400, newCaseForm(definition, form, { message: unknown[0]!.message, problems: unknown }));
    const read = readForm(definition.inputSchema, definition.fields, form, lang, form.currency || 'CNY');
    if (!read.ok) return listPage(c, definition, definition.list, 400, newCaseForm(definition, form, read));
    const result = await engine.openCase(c.get('actor'), { type: definition.type, input: read.value });
    if (!result.ok) {
      const refusal = result.refusal;
      return listPage(c, definition, definition.list, errorStatus[refusal.code], newCaseForm(definition, form, { message: refusal.message, problems: problemsOf(refusal, definition.fields, lang) }));
    }
    return c.redirect(`/cases/${result.value.view.id}?created=1`, 303);
  });

  return pages;
}
