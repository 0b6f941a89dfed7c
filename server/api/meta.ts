/** What needs no token: whether the server is up, and the API's own document and reference page. */
import { createRequire } from 'node:module';
import { serveStatic } from '@hono/node-server/serve-static';
import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { clientError, createRoute, documentedRoutes, errors, json, openApiDocument } from './documented.js';
import { docsPage } from './docs.js';
import type { AppEnv } from './http.js';
import { respondUnavailable } from './outage.js';

// The package's path alone: requiring 'swagger-ui-dist' itself evaluates its 1.5 MB browser bundle (~40 MB of RSS).
const swaggerUiDir: string = createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js')();

/**
 * `/health` (the process is up), `/health/ready` (and its database answers: `ready`), and
 * `/openapi.json` and `/docs` describing `apiRoutes` (and these).
 */
export function metaRoutes(database: 'postgres' | 'pglite', ready: () => Promise<boolean>, apiRoutes: readonly RouteConfig[]) {
  const health = z.object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) });
  const up = { status: 'ok', database } as const;
  const routes = documentedRoutes<AppEnv>()
    .on(
      createRoute({
        method: 'get', path: '/health', operationId: 'getHealth', summary: 'Liveness: the process is up, and which database it uses', security: [],
        responses: { 200: json(health, 'up'), ...clientError },
      }),
      (c) => c.json(up),
    )
    .on(
      createRoute({
        method: 'get', path: '/health/ready', operationId: 'getReadiness', summary: 'Readiness: the database answers a query within 2 s', security: [],
        responses: { 200: json(health, 'ready'), ...clientError, ...errors('UNAVAILABLE') },
      }),
      async (c) => ((await ready()) ? c.json(up) : respondUnavailable(c)),
    );
  // Built on first request, not at start: generating it takes ~150 ms that a restart need not wait for.
  let document: ReturnType<typeof openApiDocument> | undefined;
  const allRoutes = [...routes.routes, ...apiRoutes];
  routes.app.get('/openapi.json', (c) => c.json((document ??= openApiDocument(allRoutes))));
  // The reference page loads swagger-ui from this server, never from a CDN.
  routes.app.use('/docs/vendor/swagger-ui-dist/*', serveStatic({ root: swaggerUiDir, rewriteRequestPath: (p) => p.replace(/^\/docs\/vendor\/swagger-ui-dist/, '') }));
  routes.app.get('/docs', docsPage);
  return routes.app;
}
