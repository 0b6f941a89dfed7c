/** @jsxImportSource hono/jsx */
/**
 * One case: who and what it is, where it stands and for how long, what to do and say now, one
 * form per event the viewer's role may send in this state, and the journal as a timeline.
 */
import type { StateInfo } from '../../machines/describe.js';
import type { Actor, ProcessDefinition } from '../../machines/index.js';
import type { CaseView } from '../caseView.js';
import type { JournalEntryView } from '../queries.js';
import type { FieldProblem, FormValues } from './fields.js';
import { fieldsOf } from './fields.js';
import { SchemaForm } from './form.js';
import { duration, eventName, money, moment, t, type Lang } from './i18n.js';
import { Notice } from './layout.js';
import { DuePill } from './lists.js';
import { PayloadView } from './payload.js';
import { SignatureDrawing, signatureIn } from './signature.js';

export interface Refused {
  event: string;
  message: string;
  problems: FieldProblem[];
  values: FormValues;
}

export interface CasePageProps {
  lang: Lang;
  now: Date;
  csrf: string;
  actor: Actor;
  view: CaseView;
  definition: ProcessDefinition;
  state: StateInfo | undefined;
  journal: JournalEntryView[];
  labelOf: (state: string) => string;
  /** Starting values of each event's form. */
  suggested: (event: string) => FormValues;
  refused?: Refused;
  notice?: string;
}

/** Events that turn away from the usual path: their forms start folded. */
const turnsAway = (event: string) => /\.(cancelled|declined|reopened)$/.test(event);

export function CasePage(props: CasePageProps) {
  const { lang, now, view, definition, actor } = props;
  const context = view.context as Record<string, any>;
  // The viewer's events: those that move the case on first, then those that keep it where it
  // is (a new revision, one line done), then those that turn away from the usual path.
  const staysPut = (event: string) =>
    props.state?.transitions.filter((tr) => tr.event === event).every((tr) => tr.targets.every((target) => target === view.state)) ?? false;
  const rank = (event: string) => (turnsAway(event) ? 2 : staysPut(event) ? 1 : 0);
  const mine = view.allowedEvents.filter((e) => definition.eventRoles[e]?.includes(actor.role)).sort((a, b) => rank(a) - rank(b));
  const others = view.allowedEvents.filter((e) => !mine.includes(e));
  const statusKey = view.status === 'active' ? 'statusActive' : view.status === 'done' ? 'statusDone' : 'statusCancelled';
  return (
    <article class="case" data-case={view.number} data-state={view.state}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.refused ? (
        <Notice kind="error">
          <strong>
            {t(lang, 'refused')} ({eventName(lang, props.refused.event)}):
          </strong>{' '}
          <span class="reason">{props.refused.message}</span>
          {props.refused.problems.length ? (
            <ul>
              {props.refused.problems.map((p) => (
                <li>
                  {p.where ?? p.path}: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      <header class="case-head">
        <div>
          <p class="kicker">{definition.title[lang]}</p>
          <h1>
            {view.number}{' '}
            <span class={`state-badge ${view.stuck ? 'stuck' : view.status}`} data-testid="state-label">
              {props.labelOf(view.state)}
            </span>
            {view.stuck ? <span class="pill stuck">{t(lang, 'stuckBadge')}</span> : null}
          </h1>
        </div>
        <dl class="facts">
          <div>
            <dt>{t(lang, 'customer')}</dt>
            <dd>
              {context.customer?.name ?? ''}
              {context.customer?.phone ? <span class="muted"> · {context.customer.phone}</span> : null}
            </dd>
          </div>
          {context.vehicle?.plate ? (
            <div>
              <dt>{t(lang, 'plate')}</dt>
              <dd class="plate-cell">{context.vehicle.plate}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t(lang, 'status')}</dt>
            <dd>{t(lang, statusKey)}</dd>
          </div>
          <div>
            <dt>{t(lang, 'inState')}</dt>
            <dd>{duration(lang, now.getTime() - Date.parse(view.stateEnteredAt))}</dd>
          </div>
          <div>
            <dt>{t(lang, 'due')}</dt>
            <dd>
              {view.dueAt ? <time datetime={view.dueAt}>{moment(lang, view.dueAt)}</time> : null}{' '}
              <DuePill lang={lang} now={now} view={view} />
            </dd>
          </div>
        </dl>
      </header>

      <div class="case-grid">
        <div class="case-main">
          {props.state ? (
            <section class="guidance">
              <h2>{t(lang, 'whatToDo')}</h2>
              <p>{props.state.guidance[lang]}</p>
              {props.state.say ? (
                <>
                  <h3>{t(lang, 'whatToSay')}</h3>
                  <blockquote>{props.state.say[lang]}</blockquote>
                </>
              ) : null}
            </section>
          ) : null}

          {view.status === 'active' ? (
            <section class="actions">
              <h2>{t(lang, 'nextSteps')}</h2>
              {mine.length === 0 ? <p class="empty">{t(lang, 'nothingForYou')}</p> : null}
              {mine.map((event) => {
                const refused = props.refused?.event === event ? props.refused : undefined;
                const form = (
                  <SchemaForm
                    lang={lang}
                    action={`/cases/${view.id}/events`}
                    csrf={props.csrf}
                    fields={fieldsOf(definition.eventSchemas[event]!)}
                    values={refused?.values ?? props.suggested(event)}
                    problems={refused?.problems}
                    hidden={{ _event: event, _version: String(view.version) }}
                    submitLabel={eventName(lang, event)}
                    class="event-form"
                  />
                );
                return (
                  <details class="event" data-event={event} open={!turnsAway(event) || refused !== undefined}>
                    <summary>{eventName(lang, event)}</summary>
                    {form}
                  </details>
                );
              })}
              {others.length ? (
                <p class="others">
                  {t(lang, 'othersMay')}:{' '}
                  {others.map((event, i) => (
                    <>
                      {i > 0 ? '; ' : ''}
                      <strong>{eventName(lang, event)}</strong> ({t(lang, 'by')} {definition.eventRoles[event]?.join(', ')})
                    </>
                  ))}
                </p>
              ) : null}
            </section>
          ) : null}

          <Record lang={lang} view={view} />
        </div>

        <aside class="case-side">
          <section class="journal">
            <h2>{t(lang, 'journal')}</h2>
            <ol class="timeline">
              {[...props.journal].reverse().map((entry) => (
                <JournalItem lang={lang} entry={entry} labelOf={props.labelOf} />
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </article>
  );
}

function JournalItem({ lang, entry, labelOf }: { lang: Lang; entry: JournalEntryView; labelOf: (s: string) => string }) {
  const signature = signatureIn(entry.payload);
  const hasDetails = entry.payload && typeof entry.payload === 'object' && Object.keys(entry.payload).length > 0;
  return (
    <li data-seq={entry.seq} data-event={entry.type}>
      <div class="when">
        <time datetime={entry.at}>{moment(lang, entry.at)}</time>
      </div>
      <div class="what">
        <strong>{eventName(lang, entry.type)}</strong>
        <span class="who">
          {entry.actor.name} <span class="role">{entry.actor.role}</span>
        </span>
      </div>
      <div class="moved">
        {entry.from ? (
          <>
            {labelOf(entry.from)} <span aria-hidden="true">→</span> {labelOf(entry.to)}
          </>
        ) : (
          labelOf(entry.to)
        )}
      </div>
      {signature ? <SignatureDrawing lang={lang} signature={signature} caption={false} /> : null}
      {hasDetails ? (
        <details>
          <summary>{t(lang, 'details')}</summary>
          <PayloadView lang={lang} payload={entry.payload} />
        </details>
      ) : null}
    </li>
  );
}

/** The facts of the case a member of staff needs at hand: requests, estimate, money; or the complaint. */
function Record({ lang, view }: { lang: Lang; view: CaseView }) {
  const c = view.context as Record<string, any>;
  if (view.type === 'work-order') {
    const estimate = c.estimate as
      | { revision: number; currency: string; totalMinor: number; promisedAt: string; lines: Array<Record<string, any>> }
      | null;
    return (
      <section class="record">
        <h2>{t(lang, 'record')}</h2>
        <h3>{t(lang, 'vehicle')}</h3>
        <p>
          <span class="plate-cell">{c.vehicle?.plate}</span> {c.vehicle?.model ?? ''} · {c.vehicle?.odometerKm} km
          {c.vehicle?.vin ? ` · VIN ${c.vehicle.vin}` : ''}
        </p>
        <h3>{t(lang, 'requests')}</h3>
        <ol start={0} class="requests">
          {(c.requests as string[] | undefined)?.map((r) => (
            <li>“{r}”</li>
          ))}
        </ol>
        {estimate ? (
          <>
            <h3>{t(lang, 'estimateTitle', { revision: estimate.revision })}</h3>
            <table class="lines">
              <tbody>
                {estimate.lines.map((line) => (
                  <tr class={`approval-${line.approval}${line.done ? ' done' : ''}`}>
                    <td>
                      <code>{line.id}</code>
                    </td>
                    <td>{line.kind}</td>
                    <td>{line.description}</td>
                    <td class="num">{line.quantity}</td>
                    <td class="num">{money(line.amountMinor, estimate.currency)}</td>
                    <td>
                      {line.approval}
                      {line.done ? ' ✓' : ''}
                      {line.inStock === false ? ' (no stock)' : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th colspan={4}>{t(lang, 'total')}</th>
                  <td class="num">{money(estimate.totalMinor, estimate.currency)}</td>
                  <td></td>
                </tr>
              </tfoot>
            </table>
            <p>
              {t(lang, 'promised')}: <time datetime={estimate.promisedAt}>{moment(lang, estimate.promisedAt)}</time>
            </p>
          </>
        ) : null}
        {c.billing ? (
          <p>
            {t(lang, 'total')} {money(c.billing.totalMinor, c.currency)} · {t(lang, 'paid')} {money(c.billing.paidMinor, c.currency)} ·{' '}
            <strong>
              {t(lang, 'owed')} {money(c.billing.owedMinor, c.currency)}
            </strong>
          </p>
        ) : null}
      </section>
    );
  }
  return (
    <section class="record">
      <h2>{t(lang, 'record')}</h2>
      <p>
        {t(lang, 'severity')}: <span class={`severity ${c.severity}`}>{c.severity}</span> · {t(lang, 'channel')}: {c.channel}
      </p>
      <h3>{t(lang, 'statement')}</h3>
      <blockquote>{c.statement}</blockquote>
      {c.product ? (
        <p>
          {c.product.name} {c.product.model ?? ''} {c.product.serialNumber ?? ''}
        </p>
      ) : null}
      {c.round?.investigation ? (
        <p>
          <strong>{eventName(lang, 'investigation.recorded')}:</strong> {c.round.investigation.findings}
        </p>
      ) : null}
    </section>
  );
}
