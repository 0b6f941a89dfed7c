/** @jsxImportSource hono/jsx */
/**
 * The managers' board: per process, the state diagram with open and stuck counts coloured by how
 * overdue each state is, and beside it the stuck cases, most overdue first.
 */
import { raw } from 'hono/html';
import type { StuckCase } from '../read/board.js';
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
}

export interface BoardPageProps {
  lang: Lang;
  now: Date;
  filters: BoardFilters;
  processes: Array<{ type: string; title: string; states: Array<{ path: string; label: string }> }>;
  sections: BoardSection[];
}

const levels: Array<[OverdueLevel, Parameters<typeof t>[1]]> = [
  ['idle', 'levelIdle'],
  ['onTime', 'levelOnTime'],
  ['overdue', 'levelOverdue'],
  ['late', 'levelLate'],
  ['veryLate', 'levelVeryLate'],
];

export function BoardPage({ lang, now, filters, processes, sections }: BoardPageProps) {
  return (
    <>
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
              <p class="hint">{t(lang, 'stuckExplained')}</p>
              <StuckTable lang={lang} now={now} section={section} />
            </div>
          </div>
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
