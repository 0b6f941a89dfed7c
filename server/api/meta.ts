/** What needs no token: whether the server is up, and the API's own document and reference page. */
import { createRequire } from 'node:module';
import { serveStatic } from '@hono/node-server/serve-static';
import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { createRoute, documentedRoutes, json, openApiDocument } from './documented.js';
import { docsPage } from './docs.js';
import type { AppEnv } from './http.js';

// The package's path alone: requiring 'swagger-ui-dist' itself evaluates its 1.5 MB browser bundle (~40 MB of RSS).
const swaggerUiDir: string = createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js')();

/** `/health`, and `/openapi.json` and `/docs` describing `apiRoutes` (and these). */
export function metaRoutes(database: 'postgres' | 'pglite', apiRoutes: readonly RouteConfig[]) {
  const routes = documentedRoutes<AppEnv>().on(
    createRoute({
      method: 'get', path: '/health', summary: 'Liveness and which database is in use',
      responses: { 200: json(z.object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) }), 'up') },
    }),
    (c) => c.json({ status: 'ok', database }),
  );
  const document = openApiDocument([...routes.routes, ...apiRoutes]);
  routes.app.get('/openapi.json', (c) => c.json(document));
  // The reference page loads swagger-ui from this server, never from a CDN.
  routes.app.use('/docs/vendor/swagger-ui-dist/*', serveStatic({ root: swaggerUiDir, rewriteRequestPath: (p) => p.replace(/^\/docs\/vendor\/swagger-ui-dist/, '') }));
  routes.app.get('/docs', docsPage);
  return routes.app;
}
