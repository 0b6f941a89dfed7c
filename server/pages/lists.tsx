/** @jsxImportSource hono/jsx */
/**
 * A process's list screen (its open cases grouped or ordered as its module says, a search, a form
 * for a new case), and the pieces other pages share with it.
 */
import type { Child } from 'hono/jsx';
import type { CaseView } from '../core/caseView.js';
import type { Field, FieldProblem, FormValues } from './fields.js';
import { SchemaForm } from './form.js';
import { inLang, type ListPage } from '../../machines/index.js';
import { duration, t, type Lang } from './i18n.js';
import { Notice } from './layout.js';
import { ShownValue } from './shown.js';

export interface NewCaseForm {
  type: string;
  fields: Field[];
  values: FormValues;
  problems: FieldProblem[];
  error?: string;
}

interface ListCommon {
  lang: Lang;
  now: Date;
  csrf: string;
  q: string;
  labelOf: (state: string) => string;
  /** The form for a new case; none for a process only the server opens, or a work queue. */
  newCase?: NewCaseForm;
  /** More open cases exist than are listed. */
  truncated: number | null;
}

export function DuePill({ lang, now, view }: { lang: Lang; now: Date; view: CaseView }) {
  if (!view.dueAt) return <span class="muted">—</span>;
  const left = Date.parse(view.dueAt) - now.getTime();
  return view.stuck ? (
    <span class="pill stuck">{t(lang, 'overdueBy', { time: duration(lang, -left) })}</span>
  ) : (
    <span class="pill ontime">{t(lang, 'dueIn', { time: duration(lang, left) })}</span>
  );
}

function SearchForm({ lang, action, q }: { lang: Lang; action: string; q: string }) {
  return (
    <form method="get" action={action} class="search" role="search">
      <input type="search" name="q" value={q} placeholder={t(lang, 'searchHint')} aria-label={t(lang, 'search')} />
      <button type="submit">{t(lang, 'search')}</button>
    </form>
  );
}

function NewCasePanel({ lang, csrf, title, form }: { lang: Lang; csrf: string; title: string; form: NewCaseForm }) {
  return (
    <aside class="panel new-case" id="new-case">
      <h2>{title}</h2>
      {form.error ? (
        <Notice kind="error">
          <strong>{t(lang, 'refused')}:</strong> {form.error}
          {form.problems.length ? (
            <ul>
              {form.problems.map((p) => (
                <li>
                  {p.where ?? p.path}: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <SchemaForm
        lang={lang}
        action="/cases"
        csrf={csrf}
        fields={form.fields}
        values={form.values}
        problems={form.problems}
        hidden={{ _type: form.type }}
        submitLabel={t(lang, 'create')}
        id={`new-${form.type}`}
      />
    </aside>
  );
}

function Split({ children, single = false }: { children?: Child; single?: boolean }) {
  return <div class={single ? 'split single' : 'split'}>{children}</div>;
}

export interface ListPageProps extends ListCommon {
  list: ListPage;
  /** One group per step (in the process's order) or a single group without a label. */
  groups: Array<{ step: string | null; label: string | null; cases: CaseView[] }>;
}

/** A process's list screen: its open cases, as its module's list definition says, and a form for a new one. */
export function CaseListPage(props: ListPageProps) {
  const { lang, now, list } = props;
  const total = props.groups.reduce((n, g) => n + g.cases.length, 0);
  const table = (cases: CaseView[]) => (
    <div class="table-scroll" tabindex={0} role="region" aria-label={inLang(list.heading, lang)}>
    <table class="cases">
      <thead>
        <tr>
          <th>{t(lang, 'number')}</th>
          {list.columns.map((column) => (
            <th>{inLang(column.label, lang)}</th>
          ))}
          <th>{t(lang, 'state')}</th>
          <th>{t(lang, 'inState')}</th>
          <th>{t(lang, 'due')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((view) => (
          <tr data-case={view.number} class={view.stuck ? 'is-stuck' : ''}>
            <td>
              <a href={`/cases/${view.id}`}>{view.number}</a>
            </td>
            {list.columns.map((column) => (
              <td>
                <ShownValue lang={lang} value={column.value({ context: view.context, createdAt: view.createdAt, number: view.number })} />
              </td>
            ))}
            <td>{props.labelOf(view.state)}</td>
            <td>{duration(lang, now.getTime() - Date.parse(view.stateEnteredAt))}</td>
            <td>
              <DuePill lang={lang} now={now} view={view} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
  return (
    <Split single={!props.newCase}>
      <div class="list">
        <div class="list-head">
          <h1>
            {inLang(list.heading, lang)} <span class="count">{total}</span>
          </h1>
          <SearchForm lang={lang} action={list.path} q={props.q} />
        </div>
        {list.explain ? <p class="hint">{inLang(list.explain, lang)}</p> : null}
        {total === 0 ? <p class="empty">{t(lang, 'none')}</p> : null}
        {props.groups
          .filter((group) => group.cases.length > 0)
          .map((group) =>
            group.label === null ? (
              table(group.cases)
            ) : (
              <section class="step-group" data-step={group.step}>
                <h2>
                  {group.label} <span class="count">{group.cases.length}</span>
                </h2>
                {table(group.cases)}
              </section>
            ),
          )}
        {props.truncated ? <p class="hint">{t(lang, 'moreThanShown', { n: props.truncated })}</p> : null}
      </div>
      {props.newCase && list.newCase ? <NewCasePanel lang={lang} csrf={props.csrf} title={inLang(list.newCase, lang)} form={props.newCase} /> : null}
    </Split>
  );
}
