/** @jsxImportSource hono/jsx */
/**
 * The front desk's list (open work orders grouped by step, a search, a form for a new one) and
 * QA's list (open complaints, overdue first then oldest, and a form for a new one).
 */
import type { Child } from 'hono/jsx';
import type { CaseView } from '../caseView.js';
import type { Field, FieldProblem, FormValues } from './fields.js';
import { SchemaForm } from './form.js';
import { duration, moment, t, type Lang } from './i18n.js';
import { Notice } from './layout.js';

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
  newCase: NewCaseForm;
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

function Split({ children }: { children?: Child }) {
  return <div class="split">{children}</div>;
}

export interface DeskPageProps extends ListCommon {
  groups: Array<{ step: string; label: string; cases: CaseView[] }>;
}

export function DeskPage(props: DeskPageProps) {
  const { lang, now } = props;
  const total = props.groups.reduce((n, g) => n + g.cases.length, 0);
  return (
    <Split>
      <div class="list">
        <div class="list-head">
          <h1>
            {t(lang, 'openWorkOrders')} <span class="count">{total}</span>
          </h1>
          <SearchForm lang={lang} action="/desk" q={props.q} />
        </div>
        {total === 0 ? <p class="empty">{t(lang, 'none')}</p> : null}
        {props.groups.map((group) => (
          <section class="step-group" data-step={group.step}>
            <h2>
              {group.label} <span class="count">{group.cases.length}</span>
            </h2>
            <table class="cases">
              <thead>
                <tr>
                  <th>{t(lang, 'number')}</th>
                  <th>{t(lang, 'plate')}</th>
                  <th>{t(lang, 'customer')}</th>
                  <th>{t(lang, 'phone')}</th>
                  <th>{t(lang, 'state')}</th>
                  <th>{t(lang, 'inState')}</th>
                  <th>{t(lang, 'due')}</th>
                </tr>
              </thead>
              <tbody>
                {group.cases.map((view) => {
                  const context = view.context as { customer?: { name?: string; phone?: string }; vehicle?: { plate?: string } };
                  return (
                    <tr data-case={view.number} class={view.stuck ? 'is-stuck' : ''}>
                      <td>
                        <a href={`/cases/${view.id}`}>{view.number}</a>
                      </td>
                      <td class="plate-cell">{context.vehicle?.plate ?? ''}</td>
                      <td>{context.customer?.name ?? ''}</td>
                      <td>{context.customer?.phone ?? ''}</td>
                      <td>{props.labelOf(view.state)}</td>
                      <td>{duration(lang, now.getTime() - Date.parse(view.stateEnteredAt))}</td>
                      <td>
                        <DuePill lang={lang} now={now} view={view} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ))}
        {props.truncated ? <p class="hint">{t(lang, 'moreThanShown', { n: props.truncated })}</p> : null}
      </div>
      <NewCasePanel lang={lang} csrf={props.csrf} title={t(lang, 'newWorkOrder')} form={props.newCase} />
    </Split>
  );
}

export interface QaPageProps extends ListCommon {
  complaints: CaseView[];
}

export function QaPage(props: QaPageProps) {
  const { lang, now } = props;
  return (
    <Split>
      <div class="list">
        <div class="list-head">
          <h1>
            {t(lang, 'openComplaints')} <span class="count">{props.complaints.length}</span>
          </h1>
          <SearchForm lang={lang} action="/qa" q={props.q} />
        </div>
        <p class="hint">{t(lang, 'complaintsExplained')}</p>
        {props.complaints.length === 0 ? (
          <p class="empty">{t(lang, 'none')}</p>
        ) : (
          <table class="cases complaints">
            <thead>
              <tr>
                <th>{t(lang, 'number')}</th>
                <th>{t(lang, 'customer')}</th>
                <th>{t(lang, 'severity')}</th>
                <th>{t(lang, 'channel')}</th>
                <th>{t(lang, 'state')}</th>
                <th>{t(lang, 'received')}</th>
                <th>{t(lang, 'inState')}</th>
                <th>{t(lang, 'due')}</th>
              </tr>
            </thead>
            <tbody>
              {props.complaints.map((view) => {
                const context = view.context as { customer?: { name?: string }; severity?: string; channel?: string };
                return (
                  <tr data-case={view.number} class={view.stuck ? 'is-stuck' : ''}>
                    <td>
                      <a href={`/cases/${view.id}`}>{view.number}</a>
                    </td>
                    <td>{context.customer?.name ?? ''}</td>
                    <td>
                      <span class={`severity ${context.severity ?? ''}`}>{context.severity ?? ''}</span>
                    </td>
                    <td>{context.channel ?? ''}</td>
                    <td>{props.labelOf(view.state)}</td>
                    <td>
                      <time datetime={view.createdAt}>{moment(lang, view.createdAt)}</time>
                    </td>
                    <td>{duration(lang, now.getTime() - Date.parse(view.stateEnteredAt))}</td>
                    <td>
                      <DuePill lang={lang} now={now} view={view} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {props.truncated ? <p class="hint">{t(lang, 'moreThanShown', { n: props.truncated })}</p> : null}
      </div>
      <NewCasePanel lang={lang} csrf={props.csrf} title={t(lang, 'newComplaint')} form={props.newCase} />
    </Split>
  );
}
