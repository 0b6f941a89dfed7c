/**
 * What a case declares about itself beyond its own row, written in the same transaction as the
 * change that declares it: who it is about (the customer file, matched by phone and plate when
 * the case opens), the units it handed over (for a recall), and the scores it reports (for the
 * board's averages). The process module says which; nothing here names a process.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import type { CaseParty, CaseScore, ProcessDefinition, TracedUnit } from '../../machines/index.js';
import { timestamptz } from './sqlValues.js';

/**
 * A phone as the customer file recognises it: its digits, without China's country code when it is
 * written (+86 138…, 0086 138… and 138… are one number). A number needs at least five digits.
 */
export function phoneKey(phone: string): string | null {
  let digits = phone.replace(/\D/g, '');
  if (/^\s*(\+|00)\s*86/.test(phone)) digits = digits.replace(/^(00)?86/, '');
  return digits.length >= 5 ? digits : null;
}

/** A plate as the customer file recognises it: upper case, without spaces, dots or dashes (粤A·12345 = 粤A12345). */
export function plateKey(plate: string): string | null {
  const key = plate.toUpperCase().replace(/[\s·.\-•・]/g, '');
  return key.length > 0 ? key : null;
}

/**
 * CTEs (`, customer AS …`) that file the case `caseId` (a query yielding it) under its customer
 * (found by phone, created when new; the name and phone given last are kept) and its vehicle
 * (found by plate, created when new, now the customer's): part of the opening's own statement.
 * Nothing when the case names no customer with a usable phone.
 */
export function customerFiling(party: CaseParty | null, now: Date, newId: () => string, caseId: SQL): SQL {
  const key = party && phoneKey(party.customer.phone);
  if (!party || !key) return sql``;
  const vehicle = party.vehicle;
  const vehicleKey = vehicle ? plateKey(vehicle.plate) : null;
  return sql`, customer AS (
      INSERT INTO customers (id, name, phone, phone_key, created_at, updated_at)
      VALUES (${newId()}, ${party.customer.name}, ${party.customer.phone}, ${key}, ${timestamptz(now)}, ${timestamptz(now)})
      ON CONFLICT (phone_key) DO UPDATE SET name = excluded.name, phone = excluded.phone, updated_at = excluded.updated_at
      RETURNING id
    ), vehicle AS (
      INSERT INTO vehicles (id, plate, plate_key, customer_id, model, vin, created_at, updated_at)
      SELECT ${newId()}, ${vehicle?.plate ?? null}, ${vehicleKey}, customer.id, ${vehicle?.model ?? null}, ${vehicle?.vin ?? null},
        ${timestamptz(now)}, ${timestamptz(now)}
      FROM customer WHERE ${vehicleKey}::text IS NOT NULL
      ON CONFLICT (plate_key) DO UPDATE SET plate = excluded.plate, customer_id = excluded.customer_id,
        model = coalesce(excluded.model, vehicles.model), vin = coalesce(excluded.vin, vehicles.vin), updated_at = excluded.updated_at
      RETURNING id
    ), filed AS (
      INSERT INTO case_parties (case_id, customer_id, vehicle_id, created_at)
      SELECT (${caseId}), customer.id, (SELECT id FROM vehicle), ${timestamptz(now)} FROM customer
    )`;
}

/** Keeps which cases the opened case's input names (its module's `links`, already checked), so each page can show the other. */
export async function recordLinks(tx: Executor, caseId: string, definition: ProcessDefinition, input: unknown): Promise<void> {
  const named = Object.keys(definition.links).flatMap((field) => {
    const id = (input as Record<string, unknown> | null)?.[field];
    return typeof id === 'string' ? [{ field, id }] : [];
  });
  if (named.length === 0) return;
  await tx.execute(sql`
    INSERT INTO case_links (case_id, field, linked_case_id)
    SELECT ${caseId}, l.field, l.id::uuid FROM jsonb_to_recordset(${JSON.stringify(named)}::jsonb) AS l(field text, id text)`);
}

/** What an event adds to a case's declared records: the units and scores its context did not declare before. */
export interface NewRecords {
  /** Each with its place in the case's list. */
  units: Array<TracedUnit & { line: number }>;
  scores: CaseScore[];
}

export function newRecords(definition: ProcessDefinition, before: unknown, after: unknown): NewRecords {
  const unitsBefore = definition.tracedUnits?.(before) ?? [];
  const units = (definition.tracedUnits?.(after) ?? []).map((unit, line) => ({ ...unit, line })).slice(unitsBefore.length);
  const scored = new Set((definition.scores?.(before) ?? []).map((s) => s.indicator));
  const scores = (definition.scores?.(after) ?? []).filter((s) => !scored.has(s.indicator));
  return { units, scores };
}

export const hasNewRecords = (records: NewRecords) => records.units.length > 0 || records.scores.length > 0;

/** Appends the new records of case `caseId` (traced units and scores are never changed once written). */
export async function appendRecords(tx: Executor, caseId: string, processType: string, records: NewRecords, now: Date): Promise<void> {
  if (records.units.length > 0) {
    await tx.execute(sql`
      INSERT INTO traced_units (case_id, line, product, manufacturer, model, serial, lot, quantity, production_date, party, traded_on, recorded_at, retain_until)
      SELECT ${caseId}, u.line, u.product, u.manufacturer, u.model, u.serial, u.lot, u.quantity, u."productionDate"::date, u.party,
        u."tradedOn"::date, ${timestamptz(now)}, u."retainUntil"::date
      FROM jsonb_to_recordset(${JSON.stringify(records.units)}::jsonb) AS u(line int, product text, manufacturer text, model text,
        serial text, lot text, quantity int, "productionDate" text, party text, "tradedOn" text, "retainUntil" text)`);
  }
  if (records.scores.length > 0) {
    await tx.execute(sql`
      INSERT INTO case_scores (case_id, process_type, dimension, indicator, score, recorded_at)
      SELECT ${caseId}, ${processType}, s.dimension, s.indicator, s.score, ${timestamptz(now)}
      FROM jsonb_to_recordset(${JSON.stringify(records.scores)}::jsonb) AS s(dimension text, indicator text, score int)`);
  }
}
