/**
 * Routes declared once: each API route is a `createRoute` config (its OpenAPI document) mounted
 * with its handler in the same call, so the published document is read off the very routes the
 * server answers and cannot drift from them. Only the document comes from the config: requests
 * are validated by the handlers and the engine, in the contract's order of checks (404 before the
 * payload, and so on), not by a validator in front of them.
 */
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { Hono, type Env, type Handler, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { errorStatus, type ErrorCode } from './errors.js';

export { createRoute };

/** `/api/cases/{id}` (OpenAPI) → `/api/cases/:id` (Hono). */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** A router whose every route carries its document. */
export function documentedRoutes<E extends Env>() {
  const app = new Hono<E>();
  const routes: RouteConfig[] = [];
  const api = {
    app,
    routes,
    /** Mounts `handlers` at the route's method and path, and keeps the route for the document. */
    on(route: RouteConfig, ...handlers: Array<MiddlewareHandler<E> | Handler<E>>) {
      routes.push(route);
      app.on(route.method.toUpperCase(), honoPath(route.path), ...(handlers as [Handler<E>]));
      return api;
    },
  };
  return api;
}

export type DocumentedRoutes = ReturnType<typeof documentedRoutes>;

// ── Pieces every route's document uses ──────────────────────────────────────────────────────

const errorSchema = z.object({
  error: z.object({ code: z.enum(Object.keys(errorStatus) as [ErrorCode]), message: z.string(), details: z.unknown() }),
});

export const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

/** The error responses of a route, one entry per status, naming the codes it may answer with. */
export const errors = (...codes: ErrorCode[]) =>
  Object.fromEntries(
    [...new Set(codes.map((code) => errorStatus[code]))].map((status) => [
      status,
      json(errorSchema, codes.filter((code) => errorStatus[code] === status).join(' or ')),
    ]),
  );

export const bearer = [{ bearer: [] }];

/** For a route that otherwise has no client error of its own. */
export const clientError = { '4XX': json(errorSchema, 'no such route or method (404)') };

/**
 * What every route that needs a token may also answer, whatever it does: too many failed
 * sign-ins from the caller's address, or the database unavailable (CONTRACT.md v2).
 */
const withSharedAnswers = (route: RouteConfig): RouteConfig =>
  route.security?.length ? { ...route, responses: { ...route.responses, ...errors('UNAUTHENTICATED', 'RATE_LIMITED', 'UNAVAILABLE') } } : route;

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument(routes: readonly RouteConfig[]) {
  const generator = new OpenAPIHono();
  const registry = generator.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const route of routes) registry.registerPath(withSharedAnswers(route));
  return generator.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'caseflow',
      version: '2',
      description: 'Workflow engine for service processes: the server, not the screen, decides what may happen next. A guide for API users is docs/API.md in the repository.',
      // OpenAPI 3.1's `identifier` (an SPDX expression), which the generator's 3.0-era types do not list.
      license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-caseflow-proprietary' } as { name: string },
    },
    // Relative: the document describes the server that publishes it, whatever its host and port.
    servers: [{ url: '/', description: 'this server' }],
    security: bearer,
  });
}
