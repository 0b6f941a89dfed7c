/**
 * Form fields from a zod schema, and a posted form back into the value the schema validates.
 * The schema is the one the API validates with: the form is derived, never declared again.
 * Scalars get their own inputs, a nested object a fieldset, a list of text a textarea with one
 * item a line, a list of records a table of rows (one input per property), an amount in minor
 * units an input in yuan, and a signature a signature pad. Nothing asks for JSON.
 */
import { z } from 'zod';
import { signatureSchema, type FieldCopy } from '../../machines/index.js';
import { amountInput, parseAmount } from './money.js';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  'x-widget'?: string;
};

interface Common {
  /** Dotted form name: `customer.name`; inside a row, relative to the row (`unitPriceMinor`). */
  name: string;
  /** The last key (spelled out when the process gives no label). */
  key: string;
  required: boolean;
  /** The process module's label and hint for it, by path or by key. */
  copy?: FieldCopy;
}

export type Field =
  | (Common & { kind: 'text'; multiline: boolean; maxLength?: number; format?: 'date' | 'date-time' })
  | (Common & { kind: 'number'; integer: boolean; min?: number; max?: number })
  /** Integer minor units (`…Minor`): typed and shown in yuan. */
  | (Common & { kind: 'money' })
  | (Common & { kind: 'boolean' })
  /** An optional yes/no: unanswered, yes or no. */
  | (Common & { kind: 'yesNo' })
  | (Common & { kind: 'choice'; options: string[] })
  | (Common & { kind: 'lines' })
  /** A list of records: one row per item, each with the record's fields (named relative to the row). */
  | (Common & { kind: 'rows'; fields: Field[]; minItems: number; maxItems?: number })
  | (Common & { kind: 'signature' })
  | (Common & { kind: 'group'; fields: Field[] });

const cache = new WeakMap<z.ZodType, WeakMap<object, Field[]>>();
type CopyTable = Readonly<Record<string, FieldCopy>>;
const noCopy: CopyTable = {};

/** The fields of an object schema, in the schema's order, labelled from `copy` (a module's `fields`). */
export function fieldsOf(schema: z.ZodType, copy: CopyTable = noCopy): Field[] {
  let bySchema = cache.get(schema);
  if (!bySchema) cache.set(schema, (bySchema = new WeakMap()));
  let fields = bySchema.get(copy);
  if (!fields) {
    const json = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      override: (ctx) => {
        if (ctx.zodSchema === signatureSchema) (ctx.jsonSchema as JsonSchema)['x-widget'] = 'signature';
      },
    }) as JsonSchema;
    fields = objectFields(json, '', copy);
    bySchema.set(copy, fields);
  }
  return fields;
}

function objectFields(schema: JsonSchema, prefix: string, copy: CopyTable): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) =>
    fieldOf(property, prefix ? `${prefix}.${key}` : key, key, required.has(key), copy),
  );
}

function fieldOf(schema: JsonSchema, name: string, key: string, required: boolean, copy: CopyTable): Field {
  const common = { name, key, required, copy: copy[name] ?? copy[key] };
  if (schema['x-widget'] === 'signature') return { ...common, kind: 'signature' };
  if (schema.enum) return { ...common, kind: 'choice', options: schema.enum.map(String) };
  switch (schema.type) {
    case 'boolean':
      return required ? { ...common, kind: 'boolean' } : { ...common, kind: 'yesNo' };
    case 'integer':
    case 'number':
      if (schema.type === 'integer' && key.endsWith('Minor')) return { ...common, kind: 'money' };
      return {
        ...common,
        kind: 'number',
        integer: schema.type === 'integer',
        min: schema.minimum ?? schema.exclusiveMinimum,
        max: schema.maximum,
      };
    case 'string': {
      const format = schema.format === 'date' || schema.format === 'date-time' ? schema.format : undefined;
      return { ...common, kind: 'text', multiline: (schema.maxLength ?? 0) > 1000, maxLength: schema.maxLength, format };
    }
    case 'object':
      return { ...common, kind: 'group', fields: objectFields(schema, name, copy) };
    case 'array':
      if (schema.items?.type === 'object') {
        return { ...common, kind: 'rows', fields: objectFields(schema.items, '', copy), minItems: schema.minItems ?? 0, maxItems: schema.maxItems };
      }
      return { ...common, kind: 'lines' };
    default:
      return { ...common, kind: 'text', multiline: false };
  }
}

export type FormValues = Record<string, string>;

export interface FieldProblem {
  /** The form name of the field. */
  path: string;
  message: string;
  /** The field in words: `Lines, row 2, Unit price`. */
  where?: string;
}

/** Sentences for what a form cannot even turn into a value (an amount that is not one). */
export interface ReadingWords {
  notAnAmount: string;
  tooManyDecimals: string;
  negative: string;
}

export interface Reading {
  /** The currency amounts are typed in. */
  currency: string;
  words: ReadingWords;
  problems: FieldProblem[];
}

/** The full form name of a field inside `prefix` (a row: `lines.2`). */
export const nameIn = (prefix: string, field: Field) => (prefix ? `${prefix}.${field.name}` : field.name);

/**
 * The value a posted form stands for. Empty inputs are left out (the schema then says what is
 * missing); an amount that cannot be read is reported as a problem of its field.
 */
export function valueFromForm(fields: Field[], form: FormValues, reading: Reading, prefix = ''): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of fields) {
    const v = fieldValue(field, prefix, form, reading);
    if (v !== undefined) value[field.key] = v;
  }
  return value;
}

function fieldValue(field: Field, prefix: string, form: FormValues, reading: Reading): unknown {
  const name = nameIn(prefix, field);
  const raw = form[name]?.trim() ?? '';
  switch (field.kind) {
    case 'boolean':
      return raw === 'on' || raw === 'true';
    case 'yesNo':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'choice':
      return raw === '' ? undefined : raw;
    case 'number': {
      if (raw === '') return undefined;
      const n = Number(raw.normalize('NFKC').replace(/,/g, ''));
      return Number.isFinite(n) ? n : raw;
    }
    case 'money': {
      if (raw === '') return undefined;
      const amount = parseAmount(raw, reading.currency);
      if (amount.ok) return amount.minor;
      reading.problems.push({ path: name, message: reading.words[amount.problem] });
      return undefined;
    }
    case 'text':
      if (raw === '') return undefined;
      if (field.format === 'date-time') return instantOf(raw, form[`${name}.iso`]);
      return raw;
    case 'lines': {
      // A checklist posts one input per ticked option (`lineIds.0`, `lineIds.3`); a textarea one item a line.
      const ticked = Object.keys(form)
        .filter((key) => key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1)))
        .map((key) => form[key]!.trim())
        .filter(Boolean);
      const items = ticked.length ? ticked : raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
      return items.length || field.required ? items : undefined;
    }
    case 'rows': {
      const rows = rowIndexes(form, name)
        .filter((i) => !rowIsBlank(field.fields, form, `${name}.${i}`))
        .map((i) => valueFromForm(field.fields, form, reading, `${name}.${i}`));
      return rows.length || field.required ? rows : undefined;
    }
    case 'signature': {
      // The pad writes the strokes, scaled to the signature box, into a hidden input.
      const signedBy = form[`${name}.signedBy`]?.trim() ?? '';
      const drawn = form[`${name}.strokes`]?.trim() ?? '';
      if (!signedBy && !drawn) return undefined;
      return { signedBy, strokes: strokesOf(drawn) };
    }
    case 'group': {
      // A group's fields carry its name already (`customer.name`): same prefix.
      const nested = valueFromForm(field.fields, form, reading, prefix);
      // An optional record left entirely blank is not given.
      return !field.required && Object.keys(nested).length === 0 ? undefined : nested;
    }
  }
}

/** The row numbers a form posted for a list (`lines.0.kind`, `lines.3.kind` → 0, 3), in order. */
export function rowIndexes(form: FormValues, name: string): number[] {
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.`);
  const indexes = new Set<number>();
  for (const key of Object.keys(form)) {
    const match = pattern.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** A row nobody typed in (a spare row of the editor): only choices and switches, or nothing. */
function rowIsBlank(fields: Field[], form: FormValues, prefix: string): boolean {
  return fields.every((field) => {
    const name = nameIn(prefix, field);
    switch (field.kind) {
      case 'text':
      case 'number':
      case 'money':
      case 'lines':
        return (form[name]?.trim() ?? '') === '';
      case 'group':
        return rowIsBlank(field.fields, form, prefix);
      default:
        return true;
    }
  });
}

/** The pad's strokes; anything unreadable is an empty drawing, which the schema refuses in words. */
function strokesOf(drawn: string): unknown {
  if (!drawn) return [];
  try {
    return JSON.parse(drawn);
  } catch {
    return [];
  }
}

/**
 * A date-time input: the browser sends the ISO instant it computed in its own time zone
 * (`name.iso`); without script, the local value is read in the server's time zone.
 */
function instantOf(local: string, iso: string | undefined): string {
  if (iso && !Number.isNaN(Date.parse(iso))) return new Date(iso).toISOString();
  const parsed = new Date(local);
  return Number.isNaN(parsed.getTime()) ? local : parsed.toISOString();
}

/** The form values that show `value` in `fields` (for prefilling a form). */
export function formFromValue(fields: Field[], value: Record<string, unknown>, currency = 'CNY', prefix = ''): FormValues {
  const form: FormValues = {};
  for (const field of fields) {
    const v = value[field.key];
    const name = nameIn(prefix, field);
    if (v === undefined || v === null) continue;
    switch (field.kind) {
      case 'group':
        Object.assign(form, formFromValue(field.fields, v as Record<string, unknown>, currency, prefix));
        break;
      case 'rows':
        (v as Array<Record<string, unknown>>).forEach((row, i) => Object.assign(form, formFromValue(field.fields, row, currency, `${name}.${i}`)));
        break;
      case 'lines':
        form[name] = (v as unknown[]).map(String).join('\n');
        break;
      case 'signature':
        form[`${name}.signedBy`] = String((v as { signedBy?: string }).signedBy ?? '');
        if ((v as { strokes?: unknown }).strokes) form[`${name}.strokes`] = JSON.stringify((v as { strokes: unknown }).strokes);
        break;
      case 'boolean':
        form[name] = v ? 'on' : '';
        break;
      case 'yesNo':
        form[name] = v ? 'true' : 'false';
        break;
      case 'money':
        form[name] = typeof v === 'number' ? amountInput(v, currency) : String(v);
        break;
      case 'text':
        form[name] = field.format === 'date-time' ? localDateTime(String(v)) : String(v);
        break;
      default:
        form[name] = String(v);
    }
  }
  return form;
}

/** `YYYY-MM-DDTHH:mm` in the server's time zone, as a datetime-local input shows it. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Every form value given as text (files are not accepted anywhere). */
export function textValues(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') values[key] = value;
  return values;
}
