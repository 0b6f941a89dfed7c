/**
 * The screens, served by the API's own server: one route file per resource (session, board, each
 * process's list, each case). Pages call the engine and queries in-process, exactly as the API
 * routes do, so a screen can never do what the API would refuse.
 */
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { PageDependencies } from './render.js';
import { boardPages } from './routes/board.js';
import { casePages } from './routes/cases.js';
import { customerPages } from './routes/customers.js';
import { listPages } from './routes/lists.js';
import { recallPages } from './routes/recall.js';
import { sessionPages } from './routes/session.js';
import { signingPages } from './routes/sign.js';
import { requireSession, type PageEnv } from './session.js';
import { vendorRoutes } from './vendor.js';

export type { PageDependencies };

const staticRoot = fileURLToPath(new URL('./static', import.meta.url));

export function pageRoutes(deps: PageDependencies) {
  const session = requireSession(deps.sessions, deps.authFailures);
  return new Hono<PageEnv>()
    .route('/static/vendor', vendorRoutes())
    // A file asked for with its content hash never changes at that URL.
    .use('/static/*', async (c, next) => {
      await next();
      if (c.req.query('v') && c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    })
    .use('/static/*', serveStatic({ root: staticRoot, rewriteRequestPath: (path) => path.replace(/^\/static/, '') }))
    .route('/', sessionPages(deps, session))
    .route('/', boardPages(deps, session))
    .route('/', listPages(deps, session))
    .route('/', casePages(deps, session))
    .route('/', customerPages(deps, session))
    .route('/', recallPages(deps, session))
    .route('/', signingPages(deps));
}
