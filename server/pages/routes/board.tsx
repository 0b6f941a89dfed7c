/** @jsxImportSource hono/jsx */
/** `/board`: every process's diagram with its open and stuck cases, filtered by process, state and age. */
import { Hono } from 'hono';
import { describeProcess, stateInfo } from '../../../machines/describe.js';
import { findProcess, inLang, processes } from '../../../machines/index.js';
import { ageChoices, BoardPage, type BoardSection } from '../board.js';
import { t } from '../i18n.js';
import { labeller, render, type PageDependencies } from '../render.js';
import type { PageEnv, requireSession } from '../session.js';

export function boardPages({ board, clock }: PageDependencies, session: ReturnType<typeof requireSession>) {
  const pages = new Hono<PageEnv>();

  pages.get('/board', session, async (c) => {
    const lang = c.get('lang');
    const now = clock();
    const requestedState = (c.req.query('state') ?? '').slice(0, 200);
    let process = findProcess(c.req.query('process') ?? '')?.type ?? '';
    // A state alone names its process.
    if (!process && requestedState) process = processes.find((p) => stateInfo(p, requestedState))?.type ?? '';
    const state = process && stateInfo(findProcess(process)!, requestedState) ? requestedState : '';
    const askedVersion = Number(c.req.query('version'));
    // A version is drawn only for a chosen process that has it.
    const version = process && findProcess(process, askedVersion) ? askedVersion : undefined;
    const age = Number(c.req.query('age') ?? 0);
    const ageMinutes = ageChoices.some((a) => a.minutes === age) ? age : 0;

    const choices = processes.map((p) => ({
      type: p.type,
      title: inLang(p.title, lang),
      states: describeProcess(p)
        .states.filter((s) => !s.final)
        .map((s) => ({ path: s.path, label: inLang(s.label, lang) })),
    }));
    const sections: BoardSection[] = await Promise.all(
      choices
        .filter((p) => !process || p.type === process)
        .map(async (p): Promise<BoardSection> => {
          const link = (s: string) => `/board?${new URLSearchParams({ process: p.type, state: s, age: String(ageMinutes) })}`;
          const [svg, stuck, versions] = await Promise.all([
            board.diagram(p.type, { lang, link, selected: state || undefined, version }),
            board.stuckCases({ type: p.type, state: state || undefined, minAgeMinutes: ageMinutes, limit: 50 }),
            board.openByVersion(p.type),
          ]);
          return {
            type: p.type,
            title: p.title,
            states: p.states,
            svg: svg!,
            stuck,
            labelOf: labeller(p.type, lang),
            versions,
            currentVersion: findProcess(p.type)!.definitionVersion,
            shownVersion: version,
          };
        }),
    );
    return render(
      c,
      200,
      { lang, title: t(lang, 'board'), actor: c.get('actor'), csrf: c.get('csrf'), active: '/board' },
      <BoardPage lang={lang} now={now} filters={{ process, state, ageMinutes }} processes={choices} sections={sections} />,
    );
  });

  return pages;
}
