/**
 * A recall: every unit handed over that matches a product, a model, a lot or a serial (any of
 * them, all that are given must match, case-insensitively), with who holds it. Answered from the
 * traced-units index, so its time does not grow with the number of cases.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/index.js';

const term = z.string().trim().min(1).max(200).regex(/^[^\u0000]*$/, 'may not contain a NUL character');

/** The parameters, each optional (the OpenAPI document lists them from this). */
export const recallQueryShape = z.strictObject({ product: term.optional(), model: term.optional(), lot: term.optional(), serial: term.optional() });

export const recallQuerySchema = recallQueryShape.refine((q) => Object.values(q).some((v) => v !== undefined), {
    message: 'give at least one of product, model, lot or serial',
    path: ['lot'],
  });
export type RecallQuery = z.infer<typeof recallQuerySchema>;

export const recallItemSchema = z.object({
  saleId: z.uuid(),
  saleNumber: z.string(),
  buyer: z.string(),
  product: z.string(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  lot: z.string().nullable(),
  quantity: z.number().int(),
  productionDate: z.iso.date().nullable(),
  /** The sale date on the record. */
  saleDate: z.iso.date(),
  /** When the sale was recorded. */
  soldAt: z.iso.datetime({ offset: true }),
  /** The record is kept at least until this day. */
  retainUntil: z.iso.date(),
});
export type RecallItem = z.infer<typeof recallItemSchema>;

const day = (value: string | Date | null) => (value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));

export async function recall(db: Db, query: RecallQuery): Promise<RecallItem[]> {
  const where: SQL[] = [];
  if (query.product) where.push(sql`lower(u.product) = lower(${query.product})`);
  if (query.model) where.push(sql`lower(u.model) = lower(${query.model})`);
  if (query.lot) where.push(sql`lower(u.lot) = lower(${query.lot})`);
  if (query.serial) where.push(sql`lower(u.serial) = lower(${query.serial})`);
  const rows = await queryRows<{
    case_id: string;
    number: string;
    party: string;
    product: string;
    manufacturer: string | null;
    model: string | null;
    serial: string | null;
    lot: string | null;
    quantity: number;
    production_date: string | Date | null;
    traded_on: string | Date;
    recorded_at: string | Date;
    retain_until: string | Date;
  }>(
    db,
    sql`SELECT u.case_id, c.number, u.party, u.product, u.manufacturer, u.model, u.serial, u.lot, u.quantity,
          u.production_date::text AS production_date, u.traded_on::text AS traded_on, u.recorded_at, u.retain_until::text AS retain_until
        FROM traced_units u JOIN cases c ON c.id = u.case_id
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY u.traded_on DESC, c.number, u.line`,
  );
  return rows.map((r) => ({
    saleId: r.case_id,
    saleNumber: r.number,
    buyer: r.party,
    product: r.product,
    manufacturer: r.manufacturer,
    model: r.model,
    serial: r.serial,
    lot: r.lot,
    quantity: r.quantity,
    productionDate: day(r.production_date),
    saleDate: day(r.traded_on)!,
    soldAt: new Date(r.recorded_at).toISOString(),
    retainUntil: day(r.retain_until)!,
  }));
}
