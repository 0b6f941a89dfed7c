/** `/api/processes` and `/api/board`: the process definitions as data, and where cases stand. */
import { z } from 'zod';
import { processes } from '../../machines/index.js';
import type { TimeLimitOverrides } from '../core/timeLimits.js';
import { processView } from '../read/processView.js';
import { boardSchema, type Queries } from '../read/queries.js';
import { bearer, createRoute, documentedRoutes, errors, json } from './documented.js';
import { respondWithRefusal } from './errors.js';
import type { AppEnv } from './http.js';

const unknownProcess = { code: 'NOT_FOUND', message: 'no such process' } as const;

export function processRoutes(queries: Queries, overrides: TimeLimitOverrides, diagram: (type: string, lang?: string) => Promise<string | undefined>) {
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
        method: 'get', path: '/api/processes/{type}', operationId: 'getProcess', summary: 'One process definition', security: bearer, request: { params: processType },
        responses: { 200: json(z.record(z.string(), z.unknown()), 'the process definition'), ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
      }),
      (c) => {
        const view = processView(c.req.param('type')!, overrides);
        return view ? c.json(view) : respondWithRefusal(c, unknownProcess);
      },
    )
    .on(
      createRoute({
        method: 'get', path: '/api/processes/{type}/diagram.svg', operationId: 'getProcessDiagram', summary: 'State diagram with open and stuck counts per state', security: bearer,
        request: { params: processType },
        responses: { 200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } }, ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
      }),
      async (c) => {
        const svg = await diagram(c.req.param('type')!, c.req.query('lang'));
        if (!svg) return respondWithRefusal(c, unknownProcess);
        return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
      },
    )
    .on(
      createRoute({
        method: 'get', path: '/api/board', operationId: 'getBoard', summary: 'Open, stuck and oldest per state; all processes when type is omitted', security: bearer,
        request: { query: z.object({ type: processType.shape.type.optional() }) },
        responses: { 200: json(z.union([boardSchema, z.array(boardSchema)]), 'the board'), ...errors('UNAUTHENTICATED', 'VALIDATION_FAILED') },
      }),
      async (c) => {
        const type = c.req.query('type');
        if (type === undefined) return c.json(await Promise.all(processes.map((p) => queries.board(p.type))));
        const board = await queries.board(type);
        if (!board) {
          return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: `unknown process type ${JSON.stringify(type)}`, details: [{ path: 'type', message: 'no such process' }] });
        }
        return c.json(board);
      },
    );
}
