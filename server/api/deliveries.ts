/** `/api/deliveries`: the webhook outbox as managers see it. */
import { Hono } from 'hono';
import type { Db } from '../../db/index.js';
import { fieldProblems, respondWithRefusal } from './errors.js';
import type { AppEnv } from './http.js';
import { deliveryQuerySchema, listDeliveries } from '../read/deliveries.js';

export function deliveryRoutes(db: Db) {
  return new Hono<AppEnv>().get('/', async (c) => {
    if (c.get('actor').role !== 'manager') {
      return respondWithRefusal(c, { code: 'FORBIDDEN', message: 'only a manager may look at webhook deliveries' });
    }
    const parsed = deliveryQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'the query is not valid', details: fieldProblems(parsed.error) });
    }
    return c.json({ items: await listDeliveries(db, parsed.data) });
  });
}
