/** `/api/processes` and `/api/board`: the process definitions as data, and where cases stand. */
import { Hono } from 'hono';
import { processes } from '../../machines/index.js';
import type { TimeLimitOverrides } from '../core/timeLimits.js';
import { processView } from '../read/processView.js';
import type { Queries } from '../read/queries.js';
import { respondWithRefusal } from './errors.js';
import type { AppEnv } from './http.js';

const unknownProcess = { code: 'NOT_FOUND', message: 'no such process' } as const;

export function processRoutes(queries: Queries, overrides: TimeLimitOverrides, diagram?: (type: string, lang?: string) => Promise<string | undefined>) {
  return new Hono<AppEnv>()
    .get('/processes', (c) => c.json(processes.map((p) => processView(p.type, overrides))))
    .get('/processes/:type', (c) => {
      const view = processView(c.req.param('type'), overrides);
      return view ? c.json(view) : respondWithRefusal(c, unknownProcess);
    })
    .get('/processes/:type/diagram.svg', async (c) => {
      const svg = diagram ? await diagram(c.req.param('type'), c.req.query('lang')) : undefined;
      if (!svg) return respondWithRefusal(c, unknownProcess);
      return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
    })
    .get('/board', async (c) => {
      const type = c.req.query('type');
      if (type === undefined) {
        const boards = await Promise.all(processes.map((p) => queries.board(p.type)));
        return c.json(boards);
      }
      const board = await queries.board(type);
      if (!board) {
        return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: `unknown process type ${JSON.stringify(type)}`, details: [{ path: 'type', message: 'no such process' }] });
      }
      return c.json(board);
    });
}
