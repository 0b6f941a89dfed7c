/**
 * A posted form read into the value an event or a new case needs, checked with the same schema
 * the API uses, every problem put in words in the page's language before the engine is asked.
 */
import type { z } from 'zod';
import { inLang, type FieldCopy, type Refusal } from '../../machines/index.js';
import { fieldsOf, valueFromForm, type FieldProblem, type FormValues } from './fields.js';
import { spelledOut, t, type Lang } from './i18n.js';
import { checkInWords, whereOf } from './problems.js';

type CopyTable = Readonly<Record<string, FieldCopy>>;

export type ReadForm = { ok: true; value: Record<string, unknown> } | { ok: false; message: string; problems: FieldProblem[] };

/** A field's name in `lang` by its key: the process's label, else the key spelled out. */
export const labelIn = (copy: CopyTable, lang: Lang) => (key: string) => (copy[key] ? inLang(copy[key].label, lang) : spelledOut(key));

export function readForm(schema: z.ZodType, copy: CopyTable, form: FormValues, lang: Lang, currency: string): ReadForm {
  const problems: FieldProblem[] = [];
  const words = { notAnAmount: t(lang, 'notAnAmount'), tooManyDecimals: t(lang, 'tooManyDecimals'), negative: t(lang, 'negative') };
  const value = valueFromForm(fieldsOf(schema, copy), form, { currency, words, problems });
  // An amount that could not be read is left out of the value: the schema would only call it missing.
  const unread = new Set(problems.map((p) => p.path));
  const label = labelIn(copy, lang);
  const checked = checkInWords(schema, value, lang, label).filter((p) => !unread.has(p.path));
  const all = [...problems.map((p) => ({ ...p, where: whereOf(p.path, lang, label) })), ...checked];
  if (all.length === 0) return { ok: true, value };
  return { ok: false, message: `${all[0]!.where}: ${all[0]!.message}`, problems: all };
}

/** A refusal's `details` as field problems in words, when it lists them (a refusal's reason keeps its wording). */
export function problemsOf(refusal: Refusal, copy: CopyTable, lang: Lang): FieldProblem[] {
  if (!Array.isArray(refusal.details)) return [];
  return refusal.details
    .filter((d): d is FieldProblem => typeof d?.path === 'string' && typeof d?.message === 'string')
    .map((d) => ({ ...d, where: whereOf(d.path.replace(/^input\./, ''), lang, labelIn(copy, lang)) }));
}

/** The currency a case keeps its money in. */
export const currencyOf = (context: unknown) => String((context as { currency?: unknown } | null)?.currency ?? 'CNY');
