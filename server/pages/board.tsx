/** @jsxImportSource hono/jsx */
/**
 * The managers' board: per process, the state diagram with open and stuck counts coloured by how
 * overdue each state is, and beside it the stuck cases, most overdue first (marked when the server
 * has escalated them); above, for managers, the webhook deliveries that failed for good.
 */
import { inLang, trilingual } from '../../machines/index.js';
import type { ScoreAverage } from '../read/scores.js';
import { raw } from 'hono/html';
import type { DeliveryTrouble, StuckCase } from '../read/board.js';
import { levelColours, overdueLevel, type OverdueLevel } from '../read/diagram.js';
import { duration, moment, roleName, t, type Lang } from './i18n.js';

export const ageChoices = [
  { minutes: 0, label: { en: 'Any', 'zh-Hans': '不限', 'zh-Hant': '不限' } },
  { minutes: 60, label: { en: '≥ 1 h', 'zh-Hans': '≥ 1 小时', 'zh-Hant': '≥ 1 小時' } },
  { minutes: 4 * 60, label: { en: '≥ 4 h', 'zh-Hans': '≥ 4 小时', 'zh-Hant': '≥ 4 小時' } },
  { minutes: 24 * 60, label: { en: '≥ 1 d', 'zh-Hans': '≥ 1 天', 'zh-Hant': '≥ 1 天' } },
  { minutes: 7 * 24 * 60, label: { en: '≥ 7 d', 'zh-Hans': '≥ 7 天', 'zh-Hant': '≥ 7 天' } },
] as const;

export interface BoardFilters {
  process: string;
  state: string;
  ageMinutes: number;
}

export interface BoardSection {
  type: string;
  title: string;
  svg: string;
  /** Open cases on each version of the process; shown where more than one version has some. */
  versions: Array<{ definitionVersion: number; open: number }>;
  currentVersion: number;
  /** The version the diagram is drawn as, when one was chosen. */
  shownVersion?: number;
  states: Array<{ path: string; label: string }>;
  stuck: { cases: StuckCase[]; total: number };
  labelOf: (state: string) => string;
  /** For a process whose cases report scores: the average per dimension. */
  scores?: ScoreAverage[];
}

export interface BoardPageProps {
  lang: Lang;
  now: Date;
  filters: BoardFilters;
  processes: Array<{ type: string; title: string; states: Array<{ path: string; label: string }> }>;
  sections: BoardSection[];
  /** Shown to managers only: webhook deliveries waiting and failed. */
  deliveries?: DeliveryTrouble;
}

const levels: Array<[OverdueLevel, Parameters<typeof t>[1]]> = [
  ['idle', 'levelIdle'],
  ['onTime', 'levelOnTime'],
  ['overdue', 'levelOverdue'],
  ['late', 'levelLate'],
  ['veryLate', 'levelVeryLate'],
];

export function BoardPage({ lang, now, filters, processes, sections, deliveries }: BoardPageProps) {
  return (
    <>
      {deliveries && deliveries.failed > 0 ? <FailedDeliveries lang={lang} deliveries={deliveries} /> : null}
      <form method="get" action="/board" class="filters" id="board-filters">
        <label>
          {t(lang, 'process')}
          <select name="process">
            <option value="">{t(lang, 'anyProcess')}</option>
            {processes.map((p) => (
              <option value={p.type} selected={filters.process === p.type}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(lang, 'state')}
          <select name="state">
            <option value="">{t(lang, 'anyState')}</option>
            {processes
              .filter((p) => !filters.process || p.type === filters.process)
              .map((p) => (
                <optgroup label={p.title}>
                  {p.states.map((s) => (
                    <option value={s.path} selected={filters.state === s.path}>
                      {s.label}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </label>
        <label>
          {t(lang, 'age')}
          <select name="age">
            {ageChoices.map((a) => (
              <option value={String(a.minutes)} selected={filters.ageMinutes === a.minutes}>
                {a.label[lang]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t(lang, 'filter')}</button>
      </form>

      {sections.map((section) => (
        <section class="board-section" data-process={section.type}>
          <h2>{section.title}</h2>
          <VersionCounts lang={lang} section={section} />
          <div class="board-grid">
            {/* Drawn at its own size (text stays readable) and scrolled sideways when wider than the screen. */}
            <figure class="diagram-box" tabindex={0} aria-label={section.title}>
              {raw(section.svg)}
              <figcaption class="legend">
                <span>{t(lang, 'legend')}:</span>
                {levels.map(([level, key]) => (
                  <span class="swatch">
                    <i style={`background:${levelColours[level].fill};border-color:${levelColours[level].stroke}`}></i>
                    {t(lang, key)}
                  </span>
                ))}
              </figcaption>
            </figure>
            <div class="stuck-box">
              <h3>
                {t(lang, 'stuckCases')} <span class="count">{section.stuck.total}</span>
              </h3>
              {section.stuck.cases.some((c) => c.escalated) ? (
                <p class="hint escalations">
                  {t(lang, 'escalatedCount', { n: section.stuck.cases.filter((c) => c.escalated).length })}
                </p>
              ) : null}
              <p class="hint">{t(lang, 'stuckExplained')}</p>
              <StuckTable lang={lang} now={now} section={section} />
            </div>
          </div>
          {section.scores ? <ScoreTable lang={lang} scores={section.scores} /> : null}
        </section>
      ))}
    </>
  );
}

/** Open cases per version, each a link to the diagram drawn as that version, where more than one is in use. */
function VersionCounts({ lang, section }: { lang: Lang; section: BoardSection }) {
  const inUse = section.versions.filter((v) => v.open > 0);
  if (inUse.length < 2 && section.shownVersion === undefined) return null;
  const href = (version?: number) =>
    `/board?${new URLSearchParams({ process: section.type, ...(version === undefined ? {} : { version: String(version) }) })}`;
  return (
    <p class="versions" data-process={section.type}>
      {t(lang, 'openByVersion')}:{' '}
      {inUse.map((v, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <a href={href(v.definitionVersion)} aria-current={section.shownVersion === v.definitionVersion ? 'true' : undefined}>
            {t(lang, 'versionN', { n: v.definitionVersion })}
            {v.definitionVersion === section.currentVersion ? ` (${t(lang, 'currentVersion')})` : ''}
          </a>
          : <span class="count">{v.open}</span>
        </>
      ))}
      {section.shownVersion === undefined ? '' : <> · <a href={href()}>{t(lang, 'allVersions')}</a></>}
    </p>
  );
}

function StuckTable({ lang, now, section }: { lang: Lang; now: Date; section: BoardSection }) {
  const { cases, total } = section.stuck;
  if (cases.length === 0) return <p class="empty">{t(lang, 'noStuck')}</p>;
  return (
    <>
      <table class="stuck" data-process={section.type}>
        <thead>
          <tr>
            <th>{t(lang, 'number')}</th>
            <th>
              {t(lang, 'customer')} / {t(lang, 'plate')}
            </th>
            <th>{t(lang, 'state')}</th>
            <th>{t(lang, 'inState')}</th>
            <th>{t(lang, 'due')}</th>
            <th>{t(lang, 'lastActor')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => {
            const entered = Date.parse(c.stateEnteredAt);
            const due = Date.parse(c.dueAt);
            const level = overdueLevel(1, 1, (now.getTime() - due) / Math.max(due - entered, 60_000));
            return (
              <tr data-case={c.number} data-level={level}>
                <td>
                  <i class="dot" style={`background:${levelColours[level].stroke}`}></i>
                  <a href={`/cases/${c.id}`}>{c.number}</a>
                  {c.escalated ? (
                    <span class="escalated" title={t(lang, 'escalatedExplained')}>
                      {t(lang, 'escalated')}
                    </span>
                  ) : null}
                </td>
                <td>
                  {c.customerName ?? ''}
                  {c.plate ? <span class="plate">{c.plate}</span> : null}
                </td>
                <td>{section.labelOf(c.state)}</td>
                <td>{duration(lang, now.getTime() - entered)}</td>
                <td>
                  <time datetime={c.dueAt}>{moment(lang, c.dueAt)}</time>
                  <div class="overdue">{t(lang, 'overdueBy', { time: duration(lang, now.getTime() - due) })}</div>
                </td>
                <td>{c.lastActor ? `${c.lastActor.name} (${roleName(lang, c.lastActor.role)})` : ''}</td>
                <td>
                  <a href={`/cases/${c.id}`} class="open-link">
                    {t(lang, 'open')} →
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {total > cases.length ? <p class="hint">{t(lang, 'showingFirst', { shown: cases.length, total })}</p> : null}
    </>
  );
}

/** The deliveries that gave up: which case's entry, to where, how often it was tried and why it failed. */
function FailedDeliveries({ lang, deliveries }: { lang: Lang; deliveries: DeliveryTrouble }) {
  return (
    <section class="failed-deliveries">
      <h2>
        {t(lang, 'failedDeliveries')} <span class="count">{deliveries.failed}</span>
      </h2>
      <p class="hint">{t(lang, 'failedDeliveriesExplained', { pending: deliveries.pending })}</p>
      <table class="deliveries">
        <thead>
          <tr>
            <th>{t(lang, 'number')}</th>
            <th>{t(lang, 'deliveryEvent')}</th>
            <th>{t(lang, 'deliveryEndpoint')}</th>
            <th>{t(lang, 'deliveryAttempts')}</th>
            <th>{t(lang, 'deliveryLastError')}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.latestFailed.map((d) => (
            <tr data-delivery={d.id}>
              <td>
                <a href={`/cases/${d.caseId}`}>{d.number}</a>
              </td>
              <td>
                <code>{d.event}</code> #{d.seq}
              </td>
              <td>
                <code>{d.endpoint}</code>
              </td>
              <td>{d.attempts}</td>
              <td>
                {d.lastError}
                {d.lastAttemptAt ? (
                  <div class="muted">
                    <time datetime={d.lastAttemptAt}>{moment(lang, d.lastAttemptAt)}</time>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const scoreWords = {
  title: trilingual('Average score per touchpoint (1–5)', '各服务接触点平均分（1–5）', '各服務接觸點平均分（1–5）'),
  cases: trilingual('cards', '张', '張'),
  none: trilingual('no scores yet', '暂无评分', '暫無評分'),
};

/** The averages a process's cases report (an opinion card's scores, per touchpoint). */
function ScoreTable({ lang, scores }: { lang: Lang; scores: ScoreAverage[] }) {
  return (
    <div class="score-box" data-testid="score-averages">
      <h3>{inLang(scoreWords.title, lang)}</h3>
      <table>
        <tbody>
          {scores.map((s) => (
            <tr class={s.average !== null && s.average < 3 ? 'poor-score' : ''}>
              <th>{inLang(s.label, lang)}</th>
              <td class="num">{s.average === null ? <span class="muted">{inLang(scoreWords.none, lang)}</span> : <strong>{s.average.toFixed(2)}</strong>}</td>
              <td class="muted">
                {s.cases} {inLang(scoreWords.cases, lang)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
