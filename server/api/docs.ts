/**
 * `GET /docs`: swagger-ui over `/openapi.json`, its files served by this server. Its one inline
 * script carries this response's CSP nonce, so the Content-Security-Policy lets it (and only it) run.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';

const vendor = '/docs/vendor/swagger-ui-dist';

export const docsPage = (c: Context) =>
  c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>caseflow API</title>
    <link rel="stylesheet" href="${vendor}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${vendor}/swagger-ui-bundle.js"></script>
    <script nonce="${c.get('secureHeadersNonce') ?? ''}">
      window.onload = () => {
        window.ui = SwaggerUIBundle({ dom_id: '#swagger-ui', url: '/openapi.json' });
      };
    </script>
  </body>
</html>`);
