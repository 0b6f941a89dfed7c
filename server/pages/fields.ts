/**
 * Form fields from a zod schema, and a posted form back into the value the schema validates.
 * The schema is the one the API validates with: the form is derived, never declared again.
 * Scalars get their own inputs, a nested object a fieldset, a list of text a textarea with one
 * item a line, a signature a signature pad, and a list of records a JSON textarea with an example.
 */
import { z } from 'zod';
import { signatureSchema } from '../../machines/index.js';

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
  'x-widget'?: string;
};

interface Common {
  /** Dotted form name: `customer.name`. */
  name: string;
  /** The last key: what the label is looked up by. */
  key: string;
  required: boolean;
}

export type Field =
  | (Common & { kind: 'text'; multiline: boolean; maxLength?: number; format?: 'date' | 'date-time' })
  | (Common & { kind: 'number'; integer: boolean; min?: number; max?: number })
  | (Common & { kind: 'boolean' })
  | (Common & { kind: 'choice'; options: string[] })
  | (Common & { kind: 'lines' })
  | (Common & { kind: 'json'; example: unknown })
  | (Common & { kind: 'signature' })
  | (Common & { kind: 'group'; fields: Field[] });

const cache = new WeakMap<z.ZodType, Field[]>();

/** The fields of an object schema, in the schema's order. */
export function fieldsOf(schema: z.ZodType): Field[] {
  let fields = cache.get(schema);
  if (!fields) {
    const json = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      override: (ctx) => {
        if (ctx.zodSchema === signatureSchema) (ctx.jsonSchema as JsonSchema)['x-widget'] = 'signature';
      },
    }) as JsonSchema;
    fields = objectFields(json, '');
    cache.set(schema, fields);
  }
  return fields;
}

function objectFields(schema: JsonSchema, prefix: string): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) =>
    fieldOf(property, prefix ? `${prefix}.${key}` : key, key, required.has(key)),
  );
}

function fieldOf(schema: JsonSchema, name: string, key: string, required: boolean): Field {
  const common = { name, key, required };
  if (schema['x-widget'] === 'signature') return { ...common, kind: 'signature' };
  if (schema.enum) return { ...common, kind: 'choice', options: schema.enum.map(String) };
  switch (schema.type) {
    case 'boolean':
      return { ...common, kind: 'boolean' };
    case 'integer':
    case 'number':
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
      return { ...common, kind: 'group', fields: objectFields(schema, name) };
    case 'array':
      if (schema.items?.type === 'string' && !schema.items.enum) return { ...common, kind: 'lines' };
      return { ...common, kind: 'json', example: [exampleOf(schema.items ?? {})] };
    default:
      return { ...common, kind: 'json', example: null };
  }
}

/** A value of the schema with every field filled with something to overwrite. */
function exampleOf(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, exampleOf(v)]));
    case 'array':
      return [exampleOf(schema.items ?? {})];
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 0);
    case 'string':
      return schema.format === 'date' ? '2030-01-31' : '';
    default:
      return null;
  }
}

export type FormValues = Record<string, string>;

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The value a posted form stands for. Empty inputs are left out (the schema then says what is
 * missing); a JSON field that does not parse is reported as a problem of that field.
 */
export function valueFromForm(fields: Field[], form: FormValues, problems: FieldProblem[], notJson: string): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of fields) {
    const v = fieldValue(field, form, problems, notJson);
    if (v !== undefined) value[field.key] = v;
  }
  return value;
}

function fieldValue(field: Field, form: FormValues, problems: FieldProblem[], notJson: string): unknown {
  const raw = form[field.name]?.trim() ?? '';
  switch (field.kind) {
    case 'boolean':
      return raw === 'on' || raw === 'true';
    case 'choice':
      return raw === '' ? undefined : raw;
    case 'number': {
      if (raw === '') return undefined;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case 'text':
      if (raw === '') return undefined;
      if (field.format === 'date-time') return instantOf(raw, form[`${field.name}.iso`]);
      return raw;
    case 'lines': {
      const items = raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
      return items.length || field.required ? items : undefined;
    }
    case 'json':
      if (raw === '') return undefined;
      try {
        return JSON.parse(raw);
      } catch {
        problems.push({ path: field.name, message: notJson });
        return undefined;
      }
    case 'signature': {
      // The pad writes the strokes, scaled to the signature box, into a hidden input.
      const signedBy = form[`${field.name}.signedBy`]?.trim() ?? '';
      const drawn = form[`${field.name}.strokes`]?.trim() ?? '';
      if (!signedBy && !drawn) return undefined;
      return { signedBy, strokes: strokesOf(drawn) };
    }
    case 'group': {
      const nested = valueFromForm(field.fields, form, problems, notJson);
      // An optional record left entirely blank is not given.
      return !field.required && Object.keys(nested).length === 0 ? undefined : nested;
    }
  }
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
export function formFromValue(fields: Field[], value: Record<string, unknown>): FormValues {
  const form: FormValues = {};
  for (const field of fields) {
    const v = value[field.key];
    if (v === undefined || v === null) continue;
    switch (field.kind) {
      case 'group':
        Object.assign(form, formFromValue(field.fields, v as Record<string, unknown>));
        break;
      case 'lines':
        form[field.name] = (v as unknown[]).map(String).join('\n');
        break;
      case 'json':
        form[field.name] = JSON.stringify(v, null, 2);
        break;
      case 'signature':
        form[`${field.name}.signedBy`] = String((v as { signedBy?: string }).signedBy ?? '');
        if ((v as { strokes?: unknown }).strokes) form[`${field.name}.strokes`] = JSON.stringify((v as { strokes: unknown }).strokes);
        break;
      case 'boolean':
        form[field.name] = v ? 'on' : '';
        break;
      case 'text':
        form[field.name] = field.format === 'date-time' ? localDateTime(String(v)) : String(v);
        break;
      default:
        form[field.name] = String(v);
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
