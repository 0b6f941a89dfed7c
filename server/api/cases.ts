/** `/api/cases`: open a case, read it, list and search, its journal, and send it events. */
import type { Context } from 'hono';
import { z } from 'zod';
import { processes, staffRoles } from '../../machines/index.js';
import type { Engine } from '../core/engine.js';
import { caseViewSchema, jsonBytesWith } from '../core/caseView.js';
import { hashRequest, type Answer, type Idempotency } from '../core/idempotency.js';
import { journalEntrySchema, listQuerySchema, type Queries } from '../read/queries.js';
import { bearer, createRoute, documentedRoutes, errors, json } from './documented.js';
import { fieldProblems, respondWithRefusal } from './errors.js';
import { jsonBody, parseIfMatch, type AppEnv } from './http.js';
import { respond } from './security.js';

const idempotencyKeySchema = z.string().min(1).max(200);

function idempotencyOf(header: string | undefined, request: unknown): Idempotency | undefined | 'invalid' {
  if (header === undefined) return undefined;
  if (!idempotencyKeySchema.safeParse(header).success) return 'invalid';
  return { key: header, requestHash: hashRequest(request) };
}

const badKey = { code: 'VALIDATION_FAILED', message: 'Idempotency-Key must be 1 to 200 characters', details: [{ path: 'Idempotency-Key', message: 'invalid header' }] } as const;
const notFound = { code: 'NOT_FOUND', message: 'no such case' } as const;
const caseId = z.object({ id: z.uuid() });

/** A case's answer: 201 with its Location for an opening, 200 otherwise; ETag is its version. */
function answer(c: Context<AppEnv>, { created, view, contextJson }: Answer) {
  const body = contextJson === undefined ? JSON.stringify(view) : jsonBytesWith(view, 'context', contextJson);
  const headers: Record<string, string> = { 'content-type': 'application/json', etag: `"${view.version}"` };
  if (created) headers.location = `/api/cases/${view.id}`;
  return respond(c, body, created ? 201 : 200, headers);
}

export function caseRoutes(engine: Engine, queries: Queries) {
  // The bodies each registered process accepts, read when the routes are built.
  const openingBody = z.discriminatedUnion(
    'type',
    processes.filter((p) => p.openedBy !== 'system').map((p) => z.object({ type: z.literal(p.type), input: p.inputSchema })) as unknown as [z.ZodObject, z.ZodObject],
  );
  const eventBody = z.union(
    processes.flatMap((p) =>
      Object.entries(p.events).map(([type, { schema, roles }]) =>
        z.object({ type: z.literal(type) }).extend(schema.shape).describe(`${p.type}: ${type} (roles: ${roles.join(', ')})`),
      ),
    ) as unknown as [z.ZodObject, z.ZodObject],
  );

  return documentedRoutes<AppEnv>()
    .on(
      createRoute({
        method: 'post', path: '/api/cases', operationId: 'openCase', summary: 'Open a case of a process', security: bearer,
        request: {
          headers: z.object({ 'Idempotency-Key': z.string().max(200).optional() }),
          body: { content: { 'application/json': { schema: openingBody } } },
        },
        responses: {
          201: json(caseViewSchema, 'the new case; Location and ETag headers are set'),
          ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'),
        },
      }),
      jsonBody,
      async (c) => {
        const body = c.get('body');
        const idempotency = idempotencyOf(c.req.header('Idempotency-Key'), body);
        if (idempotency === 'invalid') return respondWithRefusal(c, badKey);
        const sentWith = c.get('sentWith');
        const result = await engine.openCase(c.get('actor'), body, { idempotency, sentWith });
        if (!result.ok) return respondWithRefusal(c, result.refusal);
        // Without a key an opening succeeds only by its insert, which checked the remembered token.
        if (sentWith && !idempotency) c.set('sentConfirmed', true);
        c.set('caseId', result.value.view.id);
        return answer(c, result.value);
      },
    )
    .on(
      createRoute({
        method: 'get', path: '/api/cases', operationId: 'listCases', summary: 'List and search cases, newest first', security: bearer,
        request: { query: listQuerySchema },
        responses: { 200: json(z.object({ items: z.array(caseViewSchema), nextCursor: z.string().nullable() }), 'a page of cases'), ...errors('VALIDATION_FAILED', 'UNAUTHENTICATED') },
      }),
      async (c) => {
        const parsed = listQuerySchema.safeParse(c.req.query());
        if (!parsed.success) {
          return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'the query is not valid', details: fieldProblems(parsed.error) });
        }
        const page = await queries.listCases(parsed.data);
        if (!page) {
          return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'the cursor is not valid', details: [{ path: 'cursor', message: 'not a cursor this API gave out' }] });
        }
        return c.json(page);
      },
    )
    .on(
      createRoute({
        method: 'get', path: '/api/cases/{id}', operationId: 'getCase', summary: 'One case', security: bearer, request: { params: caseId },
        responses: { 200: json(caseViewSchema, 'the case; ETag is its version'), ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
      }),
      async (c) => {
        c.set('caseId', c.req.param('id'));
        const view = await queries.getCase(c.req.param('id')!);
        if (!view) return respondWithRefusal(c, notFound);
        c.header('ETag', `"${view.version}"`);
        return c.json(view);
      },
    )
    .on(
      createRoute({
        method: 'get', path: '/api/cases/{id}/events', operationId: 'getJournal', summary: "The case's journal, oldest first", security: bearer, request: { params: caseId },
        responses: { 200: json(z.array(journalEntrySchema), 'the journal'), ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
      }),
      async (c) => {
        c.set('caseId', c.req.param('id'));
        const entries = await queries.journalOf(c.req.param('id')!);
        if (!entries) return respondWithRefusal(c, notFound);
        return c.json(entries);
      },
    )
    .on(
      createRoute({
        method: 'post', path: '/api/cases/{id}/events', operationId: 'sendEvent', summary: 'Send an event to a case', security: bearer,
        description: `The machine decides: an event the case's state does not allow, or a guard refuses, answers 409 with the rule's reason. Roles: ${staffRoles.join(', ')}.`,
        request: {
          params: caseId,
          headers: z.object({ 'If-Match': z.string().optional(), 'Idempotency-Key': z.string().max(200).optional() }),
          body: { content: { 'application/json': { schema: eventBody } } },
        },
        responses: {
          200: json(caseViewSchema, 'the case after the event'),
          ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'TRANSITION_NOT_ALLOWED', 'IDEMPOTENCY_KEY_REUSED', 'VERSION_MISMATCH', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'),
        },
      }),
      jsonBody,
      async (c) => {
        const caseId = c.req.param('id')!;
        c.set('caseId', caseId);
        const body = c.get('body');
        const idempotency = idempotencyOf(c.req.header('Idempotency-Key'), body);
        if (idempotency === 'invalid') return respondWithRefusal(c, badKey);
        const sentWith = c.get('sentWith');
        const result = await engine.sendEvent(c.get('actor'), caseId, body, { ifMatch: parseIfMatch(c.req.header('If-Match')), idempotency, sentWith });
        if (!result.ok) return respondWithRefusal(c, result.refusal);
        // Without a key an event succeeds only by its write, which checked the remembered token.
        if (sentWith && !idempotency) c.set('sentConfirmed', true);
        return answer(c, result.value);
      },
    );
}
