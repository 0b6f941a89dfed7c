/**
 * The customer file: customers found by name, phone or plate, and one customer's vehicles and
 * every case about them, open or closed, newest first.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/index.js';
import { CASE_COLUMNS, fromRawCase, type RawCase } from '../core/caseRows.js';
import { plateKey } from '../core/caseRecords.js';
import { caseViewSchema, toCaseView } from '../core/caseView.js';
import { isUuid } from '../core/sqlValues.js';

export const customerQuerySchema = z.strictObject({
  q: z.string().trim().max(200).regex(/^[^\u0000]*$/, 'may not contain a NUL character').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CustomerQuery = z.infer<typeof customerQuerySchema>;

const vehicleSchema = z.object({ id: z.uuid(), plate: z.string(), model: z.string().nullable(), vin: z.string().nullable() });

export const customerSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string(),
  plates: z.array(z.string()),
  caseCount: z.number().int(),
  lastSeenAt: z.iso.datetime({ offset: true }),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

export const customerFileSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  vehicles: z.array(vehicleSchema),
  /** Every case about the customer, open or closed, newest first. */
  cases: z.array(caseViewSchema),
});
export type CustomerFile = z.infer<typeof customerFileSchema>;

const iso = (value: string | Date) => new Date(value).toISOString();
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export function createCustomerFile(db: Db, clock: () => Date) {
  /** Customers whose name, phone or a vehicle's plate contains `q` (all of them without it), the most recently seen first. */
  async function search(query: CustomerQuery): Promise<CustomerSummary[]> {
    const q = query.q ?? '';
    const text = `%${escapeLike(q.toLowerCase())}%`;
    const digits = q.replace(/\D/g, '');
    const plate = plateKey(q);
    const rows = await queryRows<{ id: string; name: string; phone: string; updated_at: string; plates: string[] | null; case_count: number }>(
      db,
      sql`SELECT c.id, c.name, c.phone, c.updated_at,
            (SELECT array_agg(v.plate ORDER BY v.updated_at DESC) FROM vehicles v WHERE v.customer_id = c.id) AS plates,
            (SELECT count(*)::int FROM case_parties p WHERE p.customer_id = c.id) AS case_count
          FROM customers c
          WHERE ${q === ''}
            OR lower(c.name || ' ' || c.phone_key) LIKE ${text}
            OR (${digits.length >= 3} AND lower(c.name || ' ' || c.phone_key) LIKE ${`%${digits}%`})
            OR (${plate !== null} AND EXISTS (SELECT 1 FROM vehicles v WHERE v.customer_id = c.id AND v.plate_key LIKE ${`%${escapeLike(plate ?? '')}%`}))
          ORDER BY c.updated_at DESC, c.id LIMIT ${query.limit}`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, phone: r.phone, plates: r.plates ?? [], caseCount: r.case_count, lastSeenAt: iso(r.updated_at) }));
  }

  /** One customer's file; undefined when there is no such customer. */
  async function file(id: string): Promise<CustomerFile | undefined> {
    if (!isUuid(id)) return undefined;
    const [customer] = await queryRows<{ id: string; name: string; phone: string; created_at: string; updated_at: string }>(
      db,
      sql`SELECT id, name, phone, created_at, updated_at FROM customers WHERE id = ${id}`,
    );
    if (!customer) return undefined;
    const vehicles = await queryRows<{ id: string; plate: string; model: string | null; vin: string | null }>(
      db,
      sql`SELECT id, plate, model, vin FROM vehicles WHERE customer_id = ${id} ORDER BY updated_at DESC, id`,
    );
    const cases = await queryRows<RawCase>(
      db,
      sql`SELECT ${CASE_COLUMNS} FROM case_parties p JOIN cases c ON c.id = p.case_id
          WHERE p.customer_id = ${id} ORDER BY c.created_at DESC, c.id DESC`,
    );
    const now = clock();
    return {
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      createdAt: iso(customer.created_at),
      updatedAt: iso(customer.updated_at),
      vehicles,
      cases: cases.map((raw) => toCaseView(fromRawCase(raw), now)),
    };
  }

  /** The customer a case is filed under, with their other cases (newest first): a returning customer's history. */
  async function ofCase(caseId: string): Promise<CustomerFile | undefined> {
    if (!isUuid(caseId)) return undefined;
    const [party] = await queryRows<{ customer_id: string }>(db, sql`SELECT customer_id FROM case_parties WHERE case_id = ${caseId}`);
    return party ? file(party.customer_id) : undefined;
  }

  return { search, file, ofCase };
}

export type CustomerFileReader = ReturnType<typeof createCustomerFile>;
