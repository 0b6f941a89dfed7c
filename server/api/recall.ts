/** `GET /api/recall`: every unit sold that matches a product, model, lot or serial (QA and managers). */
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { StaffRole } from '../../machines/index.js';
import { recall, recallItemSchema, recallQueryShape, recallQuerySchema } from '../read/recall.js';
import { bearer, createRoute, documentedRoutes, errors, json } from './documented.js';
import { fieldProblems, respondWithRefusal } from './errors.js';
import type { AppEnv } from './http.js';

/** Who may run a recall: the quality officer and managers. */
export const recallRoles: readonly StaffRole[] = ['qa', 'manager'];

export function recallRoutes(db: Db) {
  return documentedRoutes<AppEnv>().on(
    createRoute({
      method: 'get', path: '/api/recall', operationId: 'recallUnits', summary: 'Every unit sold that matches a product, model, lot or serial, with its buyer (qa, manager)', security: bearer,
      description: 'At least one parameter; every one given must match (exact, case-insensitive). For a recall: who holds which units.',
      request: { query: recallQueryShape },
      responses: { 200: json(z.object({ items: z.array(recallItemSchema) }), 'the units sold'), ...errors('UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED') },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!(recallRoles as readonly string[]).includes(actor.role)) {
        return respondWithRefusal(c, { code: 'FORBIDDEN', message: `a ${actor.role} may not run a recall`, details: { allowedRoles: recallRoles } });
      }
      const parsed = recallQuerySchema.safeParse(c.req.query());
      if (!parsed.success) {
        return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'give at least one of product, model, lot or serial', details: fieldProblems(parsed.error) });
      }
      return c.json({ items: await recall(db, parsed.data) });
    },
  );
}
