/**
 * The OpenAPI 3.1 document, built from the very zod schemas the engine validates with and
 * from the process registry: a new process or event shows up here without a line written.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { processes, roles, signatureSchema } from '../../machines/index.js';
import { caseViewSchema } from '../core/caseView.js';
import { errorStatus } from './errors.js';
import { boardSchema, journalEntrySchema, listQuerySchema } from '../read/queries.js';

const errorSchema = z.object({
  error: z.object({ code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus]), message: z.string(), details: z.unknown() }),
});

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = (...codes: Array<keyof typeof errorStatus>) =>
  Object.fromEntries(
    [...new Set(codes.map((code) => errorStatus[code]))].map((status) => [
      status,
      json(errorSchema, codes.filter((code) => errorStatus[code] === status).join(' or ')),
    ]),
  );
const caseId = z.object({ id: z.uuid() });
const bearer = [{ bearer: [] }];

export function openApiDocument() {
  // Read from the registry when the document is built: every registered process is in it.
  const createCaseBody = z.discriminatedUnion(
  'type',
  processes.map((p) => z.object({ type: z.literal(p.type), input: p.inputSchema })) as unknown as [z.ZodObject, z.ZodObject],
);

  const eventBody = z.union(
  processes.flatMap((p) =>
    Object.entries(p.events).map(([type, { schema, roles }]) =>
      z.object({ type: z.literal(type) }).extend(schema.shape).describe(`${p.type}: ${type} (roles: ${roles.join(', ')})`),
    ),
  ) as unknown as [z.ZodObject, z.ZodObject],
);

  // Only the document generator of @hono/zod-openapi is used: the engine validates, in the contract's order.
  const generator = new OpenAPIHono();
  const registry = generator.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  registry.registerPath({
    method: 'get', path: '/health', summary: 'Liveness and which database is in use',
    responses: { 200: json(z.object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) }), 'up') },
  });
  registry.registerPath({
    method: 'post', path: '/api/cases', summary: 'Open a case of a process', security: bearer,
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().max(200).optional() }),
      body: { content: { 'application/json': { schema: createCaseBody } } },
    },
    responses: {
      201: json(caseViewSchema, 'the new case; Location and ETag headers are set'),
      ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/api/cases', summary: 'List and search cases, newest first', security: bearer,
    request: { query: listQuerySchema },
    responses: { 200: json(z.object({ items: z.array(caseViewSchema), nextCursor: z.string().nullable() }), 'a page of cases'), ...errors('VALIDATION_FAILED', 'UNAUTHENTICATED') },
  });
  registry.registerPath({
    method: 'get', path: '/api/cases/{id}', summary: 'One case', security: bearer, request: { params: caseId },
    responses: { 200: json(caseViewSchema, 'the case; ETag is its version'), ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
  });
  registry.registerPath({
    method: 'get', path: '/api/cases/{id}/events', summary: "The case's journal, oldest first", security: bearer, request: { params: caseId },
    responses: { 200: json(z.array(journalEntrySchema), 'the journal'), ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
  });
  registry.registerPath({
    method: 'post', path: '/api/cases/{id}/events', summary: 'Send an event to a case', security: bearer,
    description: `The machine decides: an event the case's state does not allow, or a guard refuses, answers 409 with the rule's reason. Roles: ${roles.join(', ')}.`,
    request: {
      params: caseId,
      headers: z.object({ 'If-Match': z.string().optional(), 'Idempotency-Key': z.string().max(200).optional() }),
      body: { content: { 'application/json': { schema: eventBody } } },
    },
    responses: {
      200: json(caseViewSchema, 'the case after the event'),
      ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'TRANSITION_NOT_ALLOWED', 'IDEMPOTENCY_KEY_REUSED', 'VERSION_MISMATCH', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'),
    },
  });
  registry.registerPath({
    method: 'post', path: '/api/cases/{id}/customer-links', summary: "A link for the customer to sign on their own phone", security: bearer,
    description: 'For an event a customer signs (estimate.approved, supplement.approved, invoice.signed), by a role that may send it. The url opens without a token, shows the document and a signature pad, works once and expires (CUSTOMER_LINK_HOURS, default 24).',
    request: { params: caseId, body: { content: { 'application/json': { schema: z.object({ event: z.string() }) } } } },
    responses: {
      201: json(z.object({ url: z.string(), expiresAt: z.string() }), 'the link'),
      ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'TRANSITION_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE'),
    },
  });
  registry.registerPath({
    method: 'post', path: '/sign/{token}', summary: "The customer's signature, sent by the link's own page (no token needed)",
    description: "Applies the link's event as actor {id: 'customer', name: signedBy, role: 'customer'} through the same guards and journal.",
    request: { params: z.object({ token: z.string() }), body: { content: { 'application/json': { schema: z.object({ customerSignature: signatureSchema }) } } } },
    responses: {
      200: json(z.object({ number: z.string(), state: z.string() }), 'signed'),
      ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'NOT_FOUND', 'LINK_GONE', 'UNSUPPORTED_MEDIA_TYPE'),
    },
  });
  const processType = z.object({ type: z.enum(processes.map((p) => p.type) as [string]) });
  registry.registerPath({
    method: 'get', path: '/api/processes', summary: 'Every process: states, labels, guidance, time limits, transitions and roles', security: bearer,
    responses: { 200: json(z.array(z.record(z.string(), z.unknown())), 'the process definitions'), ...errors('UNAUTHENTICATED') },
  });
  registry.registerPath({
    method: 'get', path: '/api/processes/{type}', summary: 'One process definition', security: bearer, request: { params: processType },
    responses: { 200: json(z.record(z.string(), z.unknown()), 'the process definition'), ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
  });
  registry.registerPath({
    method: 'get', path: '/api/processes/{type}/diagram.svg', summary: 'State diagram with open and stuck counts per state', security: bearer, request: { params: processType },
    responses: { 200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } }, ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
  });
  registry.registerPath({
    method: 'get', path: '/api/board', summary: 'Open, stuck and oldest per state; all processes when type is omitted', security: bearer,
    request: { query: z.object({ type: processType.shape.type.optional() }) },
    responses: { 200: json(z.union([boardSchema, z.array(boardSchema)]), 'the board'), ...errors('UNAUTHENTICATED', 'VALIDATION_FAILED') },
  });

  return generator.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'caseflow', version: '1', description: 'Workflow engine for service processes: the server, not the screen, decides what may happen next.' },
  });
}
