/** `/api/cases`: open a case, read it, list and search, its journal, and send it events. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { fieldProblems, respondWithRefusal } from './errors.js';
import type { Engine } from '../core/engine.js';
import { hashRequest, type Answer, type Idempotency } from '../core/idempotency.js';
import { jsonBody, parseIfMatch, type AppEnv } from './http.js';
import { listQuerySchema, type Queries } from '../read/queries.js';

const idempotencyKeySchema = z.string().min(1).max(200);

function idempotencyOf(header: string | undefined, request: unknown): Idempotency | undefined | 'invalid' {
  if (header === undefined) return undefined;
  if (!idempotencyKeySchema.safeParse(header).success) return 'invalid';
  return { key: header, requestHash: hashRequest(request) };
}

const badKey = { code: 'VALIDATION_FAILED', message: 'Idempotency-Key must be 1 to 200 characters', details: [{ path: 'Idempotency-Key', message: 'invalid header' }] } as const;
const notFound = { code: 'NOT_FOUND', message: 'no such case' } as const;

/** A case's answer: 201 with its Location for an opening, 200 otherwise; ETag is its version. */
function answer(c: Context<AppEnv>, { created, view }: Answer) {
  c.header('ETag', `"${view.version}"`);
  if (created) c.header('Location', `/api/cases/${view.id}`);
  return c.json(view, created ? 201 : 200);
}

export function caseRoutes(engine: Engine, queries: Queries) {
  return new Hono<AppEnv>()
    .post('/', jsonBody, async (c) => {
      const body = c.get('body');
      const idempotency = idempotencyOf(c.req.header('Idempotency-Key'), body);
      if (idempotency === 'invalid') return respondWithRefusal(c, badKey);
      const result = await engine.openCase(c.get('actor'), body, idempotency);
      if (!result.ok) return respondWithRefusal(c, result.refusal);
      c.set('caseId', result.value.view.id);
      return answer(c, result.value);
    })
    .get('/', async (c) => {
      const parsed = listQuerySchema.safeParse(c.req.query());
      if (!parsed.success) {
        return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'the query is not valid', details: fieldProblems(parsed.error) });
      }
      const page = await queries.listCases(parsed.data);
      if (!page) {
        return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'the cursor is not valid', details: [{ path: 'cursor', message: 'not a cursor this API gave out' }] });
      }
      return c.json(page);
    })
    .get('/:id', async (c) => {
      c.set('caseId', c.req.param('id'));
      const view = await queries.getCase(c.req.param('id'));
      if (!view) return respondWithRefusal(c, notFound);
      c.header('ETag', `"${view.version}"`);
      return c.json(view);
    })
    .get('/:id/events', async (c) => {
      c.set('caseId', c.req.param('id'));
      const entries = await queries.journalOf(c.req.param('id'));
      if (!entries) return respondWithRefusal(c, notFound);
      return c.json(entries);
    })
    .post('/:id/events', jsonBody, async (c) => {
      const caseId = c.req.param('id');
      c.set('caseId', caseId);
      const body = c.get('body');
      const idempotency = idempotencyOf(c.req.header('Idempotency-Key'), body);
      if (idempotency === 'invalid') return respondWithRefusal(c, badKey);
      const result = await engine.sendEvent(c.get('actor'), caseId, body, {
        ifMatch: parseIfMatch(c.req.header('If-Match')),
        idempotency,
      });
      if (!result.ok) return respondWithRefusal(c, result.refusal);
      return answer(c, result.value);
    });
}
