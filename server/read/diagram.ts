/**
 * A process's state diagram as SVG: the states and transitions come from the machine (through
 * `describeProcess`), their positions from ELK's layered layout; this file only draws what ELK
 * placed. The layout depends on nothing but the definition, so it is computed once per process;
 * the counts and colours are drawn fresh on every request.
 */
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { describeProcess, type ProcessInfo, type StateInfo } from '../../machines/describe.js';
import { findProcess, inLang, type Copy } from '../../machines/index.js';

/** The languages diagrams are drawn in; `zh` (the first clients' word) is Traditional Chinese. */
export type Lang = 'en' | 'zh-Hans' | 'zh-Hant';
export const langOf = (requested: string | undefined): Lang =>
  requested === 'zh-Hans' ? 'zh-Hans' : requested === 'zh' || requested === 'zh-Hant' ? 'zh-Hant' : 'en';

/** How overdue a state's most overdue case is, relative to the time it was given there. */
export type OverdueLevel = 'idle' | 'onTime' | 'overdue' | 'late' | 'veryLate';

/** What the diagram shows on one state. */
export interface StateLoad {
  state: string;
  open: number;
  stuck: number;
  level: OverdueLevel;
}

/** Fill, border and text colour of each level; the legend and the board's table use the same. */
export const levelColours: Record<OverdueLevel, { fill: string; stroke: string; text: string }> = {
  idle: { fill: '#f4f5f7', stroke: '#b8bec7', text: '#5b6470' },
  onTime: { fill: '#dff3e4', stroke: '#3f9a5a', text: '#1d4d2b' },
  overdue: { fill: '#fff1c2', stroke: '#d4a106', text: '#5c4500' },
  late: { fill: '#ffd9b3', stroke: '#e0701b', text: '#6b3000' },
  veryLate: { fill: '#f9c0bd', stroke: '#c9302c', text: '#6d0f0c' },
};

/**
 * The level of a state: `overdueFraction` is how far past its due time the most overdue case
 * is, as a share of the time it was given in the state (0.5 = half its limit again).
 */
export function overdueLevel(open: number, stuck: number, overdueFraction: number | null): OverdueLevel {
  if (open === 0) return 'idle';
  if (stuck === 0 || overdueFraction === null) return 'onTime';
  if (overdueFraction < 0.5) return 'overdue';
  if (overdueFraction < 2) return 'late';
  return 'veryLate';
}

const words: Record<string, Record<Lang, string>> = {
  open: { en: 'open', 'zh-Hans': '在办', 'zh-Hant': '在辦' },
  stuck: { en: 'stuck', 'zh-Hans': '超时', 'zh-Hant': '超時' },
  limit: { en: 'limit', 'zh-Hans': '时限', 'zh-Hant': '時限' },
  promised: { en: 'due: promised time', 'zh-Hans': '时限:承诺交车', 'zh-Hant': '時限:承諾交車' },
  final: { en: 'final', 'zh-Hans': '终态', 'zh-Hant': '終態' },
};

// ── Geometry ────────────────────────────────────────────────────────────────────────────────

const NODE_WIDTH = 150;
const PAD_X = 10;
const LABEL_SIZE = 13;
const SMALL_SIZE = 12;
const LINE = 16;
const MAX_LABEL_LINES = 4;

/** A rough advance width: CJK and full-width characters are square, Latin about 0.58 em. */
function textWidth(text: string, size: number): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\ufaff\uff00-\uffef]/.test(ch) ? size : ch === ' ' ? size * 0.3 : size * 0.6;
  return width;
}

/** Breaks text into lines that fit `width`: at spaces for words, anywhere between CJK characters. */
export function wrap(text: string, width: number, size: number, maxLines = MAX_LABEL_LINES): string[] {
  const tokens = text.match(/[\u2e80-\ufaff\uff00-\uffef]|[^\s\u2e80-\ufaff\uff00-\uffef]+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const joiner = line && !/^[\u2e80-\ufaff\uff00-\uffef]/.test(token) && !/[\u2e80-\ufaff\uff00-\uffef]$/.test(line) ? ' ' : '';
    const candidate = line + joiner + token;
    if (line && textWidth(candidate, size) > width) {
      lines.push(line);
      line = token;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/.$/u, '')}…`;
    return kept;
  }
  return lines;
}

/** The step a sub-state belongs to, shown above its own label: "Repair" over "Waiting for parts". */
function stepLabel(info: ProcessInfo, state: StateInfo, lang: Lang): string | null {
  if (!state.path.includes('.')) return null;
  const title = stepTitles(info)[state.step];
  return title ? inLang(title, lang) : state.step;
}

/** Labels of the top-level steps that have sub-states (their own meta, read from the machine). */
function stepTitles(info: ProcessInfo): Record<string, Copy> {
  const definition = findProcess(info.type, info.definitionVersion)!;
  const titles: Record<string, Copy> = {};
  for (const state of info.states) {
    if (!state.path.includes('.') || titles[state.step]) continue;
    const node = definition.machine.root.states[state.step];
    const label = (node?.meta as { label?: Copy } | undefined)?.label;
    if (label) titles[state.step] = label;
  }
  return titles;
}

interface NodeText {
  step: string | null;
  label: string[];
}

function nodeText(info: ProcessInfo, state: StateInfo, lang: Lang): NodeText {
  return { step: stepLabel(info, state, lang), label: wrap(inLang(state.label, lang), NODE_WIDTH - 2 * PAD_X, LABEL_SIZE) };
}

/** Height of a state's box: the tallest of its English and Chinese texts, so both share one layout. */
function nodeHeight(info: ProcessInfo, state: StateInfo): number {
  const rows = (lang: Lang) => {
    const text = nodeText(info, state, lang);
    return (text.step ? 1 : 0) + text.label.length;
  };
  const textRows = Math.max(rows('en'), rows('zh-Hans'), rows('zh-Hant'));
  const detailRows = state.final ? 0 : 2;
  return 10 + textRows * LINE + detailRows * LINE + 6;
}

// ── Layout (ELK), cached per process ────────────────────────────────────────────────────────

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramLayout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  edges: Array<{ source: string; target: string; events: string[]; points: Array<{ x: number; y: number }> }>;
}

const START = '__start';
let elk: Promise<ELK> | undefined;
/** ELK is loaded on the first diagram, not at start: most starts never draw one. */
const layoutEngine = () => (elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK()));
const layouts = new Map<string, Promise<DiagramLayout>>();

/**
 * Wider than this, a diagram does not fit a tablet held upright (820 px less the page's margins):
 * it wraps into rows, and if it is still too wide it runs downwards. A manager should not have to
 * scroll sideways to see where cases are stuck.
 */
const FIT_WIDTH = 740;

async function computeLayout(info: ProcessInfo): Promise<DiagramLayout> {
  const children: ElkNode[] = [
    { id: START, width: 14, height: 14 },
    ...info.states.map((s) => ({ id: s.path, width: NODE_WIDTH, height: nodeHeight(info, s) })),
  ];
  const byPair = new Map<string, { source: string; target: string; events: string[] }>();
  byPair.set(`${START}>${info.initial}`, { source: START, target: info.initial, events: [] });
  for (const state of info.states) {
    for (const t of state.transitions) {
      for (const target of t.targets) {
        if (target === state.path) continue; // staying put is not drawn
        const key = `${state.path}>${target}`;
        const pair = byPair.get(key) ?? { source: state.path, target, events: [] };
        if (!pair.events.includes(t.event)) pair.events.push(t.event);
        byPair.set(key, pair);
      }
    }
  }
  const pairs = [...byPair.values()];
  const engine = await layoutEngine();
  const layOut = (direction: 'RIGHT' | 'DOWN', wrapped: boolean): Promise<ElkNode> =>
    engine.layout<ElkNode>({
      id: info.type,
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': direction,
        // The machine lists its states in the order of the process: keep that order, and break
        // cycles (a case sent back to an earlier state) against it.
        'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
        'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
        ...(wrapped ? { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.aspectRatio': '1.6' } : {}),
        'elk.edgeRouting': 'ORTHOGONAL',
        'elk.spacing.nodeNode': '22',
        'elk.layered.spacing.nodeNodeBetweenLayers': '26',
        'elk.padding': '[top=12,left=12,bottom=12,right=12]',
      },
      children: children.map((c) => ({ ...c })),
      edges: pairs.map((p, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [p.source], targets: [p.target] })),
    });
  let graph = await layOut('RIGHT', false);
  if ((graph.width ?? 0) > FIT_WIDTH) graph = await layOut('RIGHT', true);
  if ((graph.width ?? 0) > FIT_WIDTH) graph = await layOut('DOWN', false);

  const nodes = new Map<string, Box>();
  for (const child of graph.children ?? []) {
    nodes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  }
  return {
    width: graph.width ?? 0,
    height: graph.height ?? 0,
    nodes,
    edges: (graph.edges ?? []).map((edge, i) => ({
      ...pairs[i]!,
      points: (edge.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]),
    })),
  };
}

/** The layout of a process's diagram, computed on first use and kept. */
export function diagramLayout(type: string, version?: number): Promise<DiagramLayout> | undefined {
  const definition = findProcess(type, version);
  if (!definition) return undefined;
  const key = `${type}@${definition.definitionVersion}`;
  let layout = layouts.get(key);
  if (!layout) {
    layout = computeLayout(describeProcess(definition));
    layouts.set(key, layout);
    layout.catch(() => layouts.delete(key));
  }
  return layout;
}

// ── Drawing ─────────────────────────────────────────────────────────────────────────────────

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const round = (n: number) => Math.round(n * 10) / 10;

/** "15 min", "2 h", "2 d": a time limit as staff read it. */
export function formatMinutes(minutes: number, lang: Lang): string {
  const units = lang === 'en' ? { d: ' d', h: ' h', m: ' min' } : lang === 'zh-Hans' ? { d: ' 天', h: ' 小时', m: ' 分钟' } : { d: ' 天', h: ' 小時', m: ' 分鐘' };
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)}${units.d}`;
  if (minutes % 60 === 0) return `${minutes / 60}${units.h}`;
  return `${minutes}${units.m}`;
}

export interface DrawOptions {
  lang: Lang;
  /** Effective time limit of each state, in minutes (a deployment's overrides applied). */
  limits: Record<string, number | null>;
  /** Where a click on a state leads (the board filtered by it); none in the stand-alone SVG. */
  link?: (state: string) => string;
  /** A state to outline, e.g. the one the board is filtered by. */
  selected?: string;
  /** One case's way through the process (as Camunda Operate shows an instance): the states it visited, the moves it made, where it is. */
  path?: { visited: readonly string[]; moves: ReadonlyArray<readonly [string, string]>; current: string };
  /** The version drawn; the current one when not given. */
  version?: number;
}

/** Draws the laid-out diagram with each state's counts and overdue colour. */
export function drawDiagram(type: string, layout: DiagramLayout, loads: readonly StateLoad[], options: DrawOptions): string {
  const info = describeProcess(findProcess(type, options.version)!);
  const { lang } = options;
  const byState = new Map(loads.map((l) => [l.state, l]));
  const id = (name: string) => `${type}-${name}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const title = inLang(info.title, lang);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${round(layout.width)} ${round(layout.height)}" width="${round(layout.width)}" height="${round(layout.height)}" role="${options.link ? 'group' : 'img'}" aria-labelledby="${id('title')}" class="diagram" font-family="system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Noto Sans CJK TC', sans-serif">`,
    `<title id="${id('title')}">${escapeXml(title)}</title>`,
    `<defs><marker id="${id('arrow')}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6b7380"/></marker></defs>`,
  );

  for (const edge of layout.edges) {
    if (edge.points.length < 2) continue;
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
    const tip = edge.events.length ? `<title>${escapeXml(edge.events.join(', '))}</title>` : '';
    const taken = options.path?.moves.some(([from, to]) => from === edge.source && to === edge.target) ?? false;
    const look = taken ? 'stroke="#1f5fbf" stroke-width="3" class="taken"' : 'stroke="#8a929e" stroke-width="1.4"';
    out.push(`<path d="${d}" fill="none" ${look} marker-end="url(#${id('arrow')})" data-events="${escapeXml(edge.events.join(' '))}">${tip}</path>`);
  }

  const start = layout.nodes.get(START);
  if (start) out.push(`<circle cx="${round(start.x + start.width / 2)}" cy="${round(start.y + start.height / 2)}" r="7" fill="#39414d"/>`);

  for (const state of info.states) {
    const box = layout.nodes.get(state.path);
    if (!box) continue;
    const load = byState.get(state.path) ?? { state: state.path, open: 0, stuck: 0, level: 'idle' as const };
    const colours = levelColours[state.final ? 'idle' : load.level];
    const text = nodeText(info, state, lang);
    const x = round(box.x);
    const y = round(box.y);
    const current = options.path?.current === state.path;
    const visited = options.path?.visited.includes(state.path) ?? false;
    const selected = options.selected === state.path || current;
    const parts: string[] = [];
    parts.push(
      `<rect x="${x}" y="${y}" width="${round(box.width)}" height="${round(box.height)}" rx="${state.final ? 18 : 6}" fill="${current ? '#dbe8fb' : colours.fill}" stroke="${selected || visited ? '#1f5fbf' : colours.stroke}" stroke-width="${current ? 4 : selected ? 3 : visited ? 2.5 : state.final ? 2.5 : 1.5}"${visited && !current ? ' stroke-dasharray="6 3"' : ''}/>`,
    );
    let row = y + 8;
    const line = (content: string, size: number, extra = '') => {
      row += LINE;
      parts.push(`<text x="${round(x + PAD_X)}" y="${round(row - 4)}" font-size="${size}" ${extra}>${content}</text>`);
    };
    if (text.step) line(escapeXml(text.step), SMALL_SIZE, `fill="${colours.text}" opacity="0.8"`);
    for (const l of text.label) line(escapeXml(l), LABEL_SIZE, `font-weight="600" fill="${colours.text}"`);
    if (!state.final) {
      const stuck = load.stuck > 0 ? `<tspan font-weight="700" fill="#a3140f"> · ${load.stuck} ${words.stuck![lang]}</tspan>` : '';
      line(`<tspan font-weight="600">${load.open}</tspan> ${words.open![lang]}${stuck}`, 12, `fill="${colours.text}" class="counts" data-open="${load.open}" data-stuck="${load.stuck}"`);
      const limit = options.limits[state.path];
      const limitText = state.dueFrom ? words.promised![lang] : limit ? `${words.limit![lang]} ${formatMinutes(limit, lang)}` : '';
      if (limitText) line(escapeXml(limitText), SMALL_SIZE, `fill="${colours.text}" opacity="0.75"`);
    }
    const tooltip = `<title>${escapeXml(`${inLang(state.label, lang)}: ${load.open} ${words.open![lang]}, ${load.stuck} ${words.stuck![lang]}`)}</title>`;
    const mark = current ? ' data-current="true"' : visited ? ' data-visited="true"' : '';
    const group = `<g class="state" data-state="${escapeXml(state.path)}" data-level="${load.level}"${mark}>${tooltip}${parts.join('')}</g>`;
    out.push(options.link ? `<a href="${escapeXml(options.link(state.path))}">${group}</a>` : group);
  }
  out.push('</svg>');
  return out.join('\n');
}
