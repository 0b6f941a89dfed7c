/** `/api/customers`: the customer file, found by name, phone or plate, and one customer's vehicles and cases. */
import { z } from 'zod';
import { customerFileSchema, customerQuerySchema, customerSummarySchema, type CustomerFileReader } from '../read/customers.js';
import { bearer, createRoute, documentedRoutes, errors, json } from './documented.js';
import { fieldProblems, respondWithRefusal } from './errors.js';
import type { AppEnv } from './http.js';

export function customerRoutes(customers: CustomerFileReader) {
  return documentedRoutes<AppEnv>()
    .on(
      createRoute({
        method: 'get', path: '/api/customers', operationId: 'listCustomers', summary: 'The customer file: customers whose name, phone or plate contains q, most recently seen first', security: bearer,
        request: { query: customerQuerySchema },
        responses: { 200: json(z.object({ items: z.array(customerSummarySchema) }), 'the customers'), ...errors('UNAUTHENTICATED', 'VALIDATION_FAILED') },
      }),
      async (c) => {
        const parsed = customerQuerySchema.safeParse(c.req.query());
        if (!parsed.success) {
          return respondWithRefusal(c, { code: 'VALIDATION_FAILED', message: 'the query is not valid', details: fieldProblems(parsed.error) });
        }
        return c.json({ items: await customers.search(parsed.data) });
      },
    )
    .on(
      createRoute({
        method: 'get', path: '/api/customers/{id}', operationId: 'getCustomer', summary: "One customer's file: vehicles and every case, open or closed, newest first", security: bearer,
        request: { params: z.object({ id: z.uuid() }) },
        responses: { 200: json(customerFileSchema, 'the customer file'), ...errors('UNAUTHENTICATED', 'NOT_FOUND') },
      }),
      async (c) => {
        const file = await customers.file(c.req.param('id')!);
        if (!file) return respondWithRefusal(c, { code: 'NOT_FOUND', message: 'no such customer' });
        return c.json(file);
      },
    );
}
