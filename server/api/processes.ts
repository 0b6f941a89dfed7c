/** `/api/processes` and `/api/board`: the process definitions as data, and where cases stand. */
import { z } from 'zod';
import { findProcess, processes } from '../../machines/index.js';
import type { TimeLimitOverrides } from '../core/timeLimits.js';
import { processView } from '../read/processView.js';
import { boardSchema, type Queries } from '../read/queries.js';
import { bearer, createRoute, documentedRoutes, errors, json } from './documented.js';
import { respondWithRefusal } from './errors.js';
import type { AppEnv } from './http.js';

const unknownProcess = { code: 'NOT_FOUND', message: 'no such process' } as const;

/** `?version=N`: one version of the process (a case runs on the version it was opened with). */
const versionQuery = z.object({
  version: z.coerce.number().int().min(1).optional().describe('a version of the process; its current one when omitted'),
});

/** The version asked for, undefined for none, or a refusal for one that is not a whole number. */
function versionAsked(raw: string | undefined) {
  if (raw === undefined) return { ok: true as const, version: undefined };
  const parsed = versionQuery.safeParse({ version: raw });
  if (parsed.success) return { ok: true as const, version: parsed.data.version };
  return {
    ok: false as const,
    refusal: { code: 'VALIDATION_FAILED', message: 'version must be a whole number from 1', details: [{ path: 'version', message: 'expected a whole number from 1' }] } as const,
  };
}

export function processRoutes(
  queries: Queries,
  overrides: TimeLimitOverrides,
  diagram: (type: string, lang?: string, version?: number) => Promise<string | undefined>,
) {
  const processType = z.object({ type: z.enum(processes.map((p) => p.type) as [string]) });
  return documentedRoutes<AppEnv>()
    .on(
      createRoute({
        method: 'get', path: '/api/processes', operationId: 'listProcesses', summary: 'Every process: states, labels, guidance, time limits, transitions and roles', security: bearer,
        responses: { 200: json(z.array(z.record(z.string(), z.unknown())), 'the process definitions'), ...errors('UNAUTHENTICATED') },
      }),
      (c) => c.json(processes.map((p) => processView(p.type, overrides))),
    )
    .on(
      createRoute({
        method: 'get', operationId: 'getProcess', path: '/api/processes/{type}',
        summary: 'One process definition (its current version, or `version`), with the versions its cases run on and the current one',
        security: bearer, request: { params: processType, query: versionQuery },
        responses: { 200: json(z.record(z.string(), z.unknown()), 'the process definition'), ...errors('UNAUTHENTICATED', 'VALIDATION_FAILED', 'NOT_FOUND') },
      }),
      (c) => {
        const asked = versionAsked(c.req.query('version'));
        if (!asked.ok) return respondWithRefusal(c, asked.refusal);
        const view = processView(c.req.param('type')!, overrides, asked.version);
        return view ? c.json(view) : respondWithRefusal(c, unknownProcess);
      },
    )
    .on(
      createRoute({
        method: 'get', operationId: 'getProcessDiagram', path: '/api/processes/{type}/diagram.svg',
        summary: 'State diagram with open and stuck counts per state (of one version\'s cases, drawn as that version, with `version`)', security: bearer,
        request: { params: processType, query: versionQuery },
        responses: { 200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } }, ...errors('UNAUTHENTICATED', 'VALIDATION_FAILED', 'NOT_FOUND') },
      }),
      async (c) => {
        const asked = versionAsked(c.req.query('version'));
        if (!asked.ok) return respondWithRefusal(c, asked.refusal);
        const svg = await diagram(c.req.param('type')!, c.req.query('lang'), asked.version);
        if (!svg) return respondWithRefusal(c, unknownProcess);
        return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
      },
    )
    .on(
      createRoute({
        method: 'get', operationId: 'getBoard', path: '/api/board',
        summary: 'Open, stuck and oldest per state, and open cases per version; all processes when type is omitted; one version\'s cases with type and version',
        security: bearer,
        request: { query: z.object({ type: processType.shape.type.optional(), version: versionQuery.shape.version }) },
        responses: { 200: json(z.union([boardSchema, z.array(boardSchema)]), 'the board'), ...errors('UNAUTHENTICATED', 'VALIDATION_FAILED') },
      }),
      async (c) => {
        const type = c.req.query('type');
        const asked = versionAsked(c.req.query('version'));
        if (!asked.ok) return respondWithRefusal(c, asked.refusal);
        if (type === undefined) return c.json(await Promise.all(processes.map((p) => queries.board(p.type))));
        const board = await queries.board(type, asked.version);
        if (!board) {
          const unknown = findProcess(type) ? { path: 'version', message: `no such version of ${type}` } : { path: 'type', message: 'no such process' };
          return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: `unknown ${unknown.path === 'type' ? 'process type' : 'version'}`, details: [unknown] });
        }
        return c.json(board);
      },
    );
}
