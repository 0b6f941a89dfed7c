/** @jsxImportSource hono/jsx */
/**
 * One case: who and what it is, where it stands and for how long, what to do and say now, one
 * form per event the viewer's role may send in this state, and the journal as a timeline.
 */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { StateInfo } from '../../machines/describe.js';
import { findProcess, inLang, type Actor, type ProcessDefinition } from '../../machines/index.js';
import type { CaseView } from '../core/caseView.js';
import type { JournalEntryView } from '../read/queries.js';
import type { FieldProblem, FormValues } from './fields.js';
import { fieldsOf } from './fields.js';
import { SchemaForm } from './form.js';
import { duration, eventName, moment, roleName, t, type Lang } from './i18n.js';
import { Notice } from './layout.js';
import { DuePill } from './lists.js';
import { PayloadView } from './payload.js';
import { currencyOf } from './submit.js';
import { HeadlineFacts, RecordBlocks } from './shown.js';
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
  /** What the case page shows about other cases: the customer's history, the cases this one names. */
  related?: Child;
  /** The process diagram with this case's way through it (SVG). */
  diagram?: string;
  /** Cases this one names by id (a complaint's work order), by their numbers. */
  numbers?: Readonly<Record<string, string>>;
  /** Events the customer may sign on their own phone. */
  customerSigns?: string[];
  /** The panel that makes a link (and shows its QR code) for the customer to sign `event` on their phone. */
  linkPanel?: (event: string) => unknown;
}

export function CasePage(props: CasePageProps) {
  const { lang, now, view, definition, actor } = props;
  const name = (event: string) => eventName(lang, definition, event);
  // Events that turn away from the usual path (cancel, decline, reopen): their forms start folded.
  const turnsAway = (event: string) => definition.events[event]?.turnsAway === true;
  // The viewer's events: those that move the case on first, then those that keep it where it
  // is (a new revision, one line done), then those that turn away from the usual path.
  const staysPut = (event: string) =>
    props.state?.transitions.filter((tr) => tr.event === event).every((tr) => tr.targets.every((target) => target === view.state)) ?? false;
  const notNow = (event: string) => definition.events[event]?.isNextStep?.(view.context) === false;
  const rank = (event: string) => (turnsAway(event) ? 3 : notNow(event) ? 2 : staysPut(event) ? 1 : 0);
  const mine = view.allowedEvents.filter((e) => definition.events[e]?.roles.includes(actor.role)).sort((a, b) => rank(a) - rank(b));
  const others = view.allowedEvents.filter((e) => !mine.includes(e));
  const statusKey = view.status === 'active' ? 'statusActive' : view.status === 'done' ? 'statusDone' : 'statusCancelled';
  return (
    <article class="case" data-case={view.number} data-state={view.state}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.refused ? (
        <Notice kind="error">
          <strong>
            {t(lang, 'refused')} ({name(props.refused.event)}):
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
          <p class="kicker">
            {inLang(definition.title, lang)}
            {/* A case on an earlier version of its process says so: its forms are that version's. */}
            {findProcess(view.type)?.definitionVersion === view.definitionVersion ? '' : ` · ${t(lang, 'versionN', { n: view.definitionVersion })}`}
          </p>
          <h1>
            {view.number}{' '}
            <span class={`state-badge ${view.stuck ? 'stuck' : view.status}`} data-testid="state-label" data-state={view.state}>
              {props.labelOf(view.state)}
            </span>
            {view.stuck ? <span class="pill stuck">{t(lang, 'stuckBadge')}</span> : null}
          </h1>
          <a class="print-link" href={`/cases/${view.id}/print`}>
            {t(lang, 'printView')}
          </a>
        </div>
        <dl class="facts">
          <HeadlineFacts lang={lang} facts={definition.summary.headline(view.context)} />
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
              <p>{inLang(props.state.guidance, lang)}</p>
              {props.state.say?.length ? (
                <>
                  <h3>{t(lang, 'whatToSay')}</h3>
                  {props.state.say.map((phrase) => (
                    <blockquote>{inLang(phrase, lang)}</blockquote>
                  ))}
                </>
              ) : null}
            </section>
          ) : null}

          {view.status === 'active' ? (
            <section class="actions">
              <h2>{t(lang, 'nextSteps')}</h2>
              {mine.length === 0 ? <p class="empty">{t(lang, 'nothingForYou')}</p> : null}
              {mine.map((event, i) => {
                const refused = props.refused?.event === event ? props.refused : undefined;
                const definitionOf = definition.events[event]!;
                const document = definitionOf.document?.(view.context) ?? [];
                const confirm = definitionOf.confirm?.(view.context);
                const primary = i === 0;
                const form = (
                  <SchemaForm
                    lang={lang}
                    action={`/cases/${view.id}/events`}
                    csrf={props.csrf}
                    fields={fieldsOf(definitionOf.schema, definition.fields)}
                    values={refused?.values ?? props.suggested(event)}
                    problems={refused?.problems}
                    choices={definitionOf.choices?.(view.context)}
                    confirm={confirm ? inLang(confirm, lang) : undefined}
                    hidden={{ _event: event, _version: String(view.version) }}
                    submitLabel={name(event)}
                    class={`event-form${primary ? ' primary' : ''}${turnsAway(event) ? ' turns-away' : ''}`}
                  >
                    {document.length ? (
                      <div class="document" data-document={event}>
                        <RecordBlocks lang={lang} blocks={document} />
                      </div>
                    ) : null}
                  </SchemaForm>
                );
                return (
                  <details class={`event${primary ? ' primary' : ''}`} data-event={event} open={primary || refused !== undefined}>
                    <summary>
                      {primary ? <span class="next-label">{t(lang, 'nextStep')}: </span> : null}
                      {name(event)}
                    </summary>
                    {form}
                    {primary && props.customerSigns?.includes(event) ? props.linkPanel?.(event) : null}
                  </details>
                );
              })}
              {others.length ? (
                <p class="others">
                  {t(lang, 'othersMay')}:{' '}
                  {others.map((event, i) => (
                    <>
                      {i > 0 ? '; ' : ''}
                      <strong>{name(event)}</strong> ({t(lang, 'by')} {(definition.events[event]?.roles ?? []).map((role) => roleName(lang, role)).join(', ')})
                    </>
                  ))}
                </p>
              ) : null}
            </section>
          ) : null}

          {props.diagram ? (
            <section class="process-map">
              <h2>{t(lang, 'processMap')}</h2>
              <div class="diagram-box" tabindex={0} role="region" aria-label={t(lang, 'processMap')}>
                {raw(props.diagram)}
              </div>
            </section>
          ) : null}

          <section class="record">
            <h2>{t(lang, 'record')}</h2>
            <RecordBlocks lang={lang} blocks={definition.summary.record(view.context)} />
          </section>
          {props.related}
        </div>

        <aside class="case-side">
          <section class="journal">
            <h2>{t(lang, 'journal')}</h2>
            <ol class="timeline">
              {[...props.journal].reverse().map((entry) => (
                <JournalItem lang={lang} entry={entry} labelOf={props.labelOf} name={name} copy={definition.fields} currency={currencyOf(view.context)} numbers={props.numbers} />
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </article>
  );
}

function JournalItem(props: {
  lang: Lang;
  entry: JournalEntryView;
  labelOf: (s: string) => string;
  name: (event: string) => string;
  copy: ProcessDefinition['fields'];
  currency: string;
  numbers?: Readonly<Record<string, string>>;
}) {
  const { lang, entry, labelOf, name } = props;
  const signature = signatureIn(entry.payload);
  const hasDetails = entry.payload && typeof entry.payload === 'object' && Object.keys(entry.payload).length > 0;
  return (
    <li data-seq={entry.seq} data-event={entry.type}>
      <div class="when">
        <time datetime={entry.at}>{moment(lang, entry.at)}</time>
      </div>
      <div class="what">
        <strong>{name(entry.type)}</strong>
        <span class="who">
          {entry.actor.name} <span class="role">{roleName(lang, entry.actor.role)}</span>
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
          <PayloadView lang={lang} copy={props.copy} payload={entry.payload} currency={props.currency} numbers={props.numbers} />
        </details>
      ) : null}
    </li>
  );
}
