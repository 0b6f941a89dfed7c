/** `/api/deliveries`: the webhook outbox as managers see it. */
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { deliveryQuerySchema, deliveryViewSchema, listDeliveries } from '../read/deliveries.js';
import { bearer, createRoute, documentedRoutes, errors, json } from './documented.js';
import { fieldProblems, respondWithRefusal } from './errors.js';
import type { AppEnv } from './http.js';

export function deliveryRoutes(db: Db) {
  return documentedRoutes<AppEnv>().on(
    createRoute({
      method: 'get', path: '/api/deliveries', operationId: 'listDeliveries', summary: 'Webhook deliveries, newest first (managers only)', security: bearer,
      description:
        'Every journal entry is posted to each WEBHOOK_URL, signed per Standard Webhooks (webhook-id `<caseId>:<seq>`, webhook-timestamp, webhook-signature), ' +
        'at least once and in order per case; a delivery the receiver keeps refusing is retried with backoff and, after WEBHOOK_MAX_ATTEMPTS, marked failed.',
      request: { query: deliveryQuerySchema },
      responses: { 200: json(z.object({ items: z.array(deliveryViewSchema) }), 'the deliveries'), ...errors('UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED') },
    }),
    async (c) => {
      if (c.get('actor').role !== 'manager') {
        return respondWithRefusal(c, { code: 'FORBIDDEN', message: 'only a manager may look at webhook deliveries' });
      }
      const parsed = deliveryQuerySchema.safeParse(c.req.query());
      if (!parsed.success) {
        return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'the query is not valid', details: fieldProblems(parsed.error) });
      }
      return c.json({ items: await listDeliveries(db, parsed.data) });
    },
  );
}
