/** Values as raw SQL parameters with their types, the same on PostgreSQL and PGlite. */
import { sql } from 'drizzle-orm';

export const jsonb = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
export const timestamptz = (value: Date | null) => (value === null ? sql`null::timestamptz` : sql`${value.toISOString()}::timestamptz`);
export const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether `id` can be compared with a uuid column at all (anything else names no row). */
export const isUuid = (id: string) => UUID.test(id);
