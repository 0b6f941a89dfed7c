/**
 * Validation problems in words, in the page's language: "Lines, row 2, Unit price: required",
 * never `lines.1.unitPriceMinor: Invalid input: expected int`. The page checks a form's value with
 * the same zod schema the API uses, and turns each issue into a sentence by its code and the
 * field's name. A rule's own sentence (a refinement) is kept, translated where it carries copy.
 */
import type { z } from 'zod';

type Locale = 'en' | 'zh-Hans' | 'zh-Hant';
type Copy = Record<Locale, string>;

export interface WordedProblem {
  /** The form name of the field: `lines.1.unitPriceMinor`. */
  path: string;
  /** Where, in words: `Lines, row 2, Unit price`. */
  where: string;
  /** What is wrong, in words. */
  message: string;
}

const words = {
  required: { en: 'required', 'zh-Hans': '必填', 'zh-Hant': '必填' },
  number: { en: 'enter a number', 'zh-Hans': '请输入数字', 'zh-Hant': '請輸入數字' },
  wholeNumber: { en: 'enter a whole number', 'zh-Hans': '请输入整数', 'zh-Hant': '請輸入整數' },
  text: { en: 'enter some text', 'zh-Hans': '请输入文字', 'zh-Hant': '請輸入文字' },
  atLeast: { en: 'at least {n}', 'zh-Hans': '不能少于 {n}', 'zh-Hant': '不能少於 {n}' },
  moreThan: { en: 'more than {n}', 'zh-Hans': '必须大于 {n}', 'zh-Hant': '必須大於 {n}' },
  atMost: { en: 'at most {n}', 'zh-Hans': '不能超过 {n}', 'zh-Hant': '不能超過 {n}' },
  lessThan: { en: 'less than {n}', 'zh-Hans': '必须小于 {n}', 'zh-Hant': '必須小於 {n}' },
  atLeastRows: { en: 'add at least {n} row(s)', 'zh-Hans': '请至少填写 {n} 行', 'zh-Hant': '請至少填寫 {n} 行' },
  atMostRows: { en: 'at most {n} rows', 'zh-Hans': '最多 {n} 行', 'zh-Hant': '最多 {n} 行' },
  atLeastChars: { en: 'at least {n} characters', 'zh-Hans': '至少 {n} 个字', 'zh-Hant': '至少 {n} 個字' },
  atMostChars: { en: 'at most {n} characters', 'zh-Hans': '最多 {n} 个字', 'zh-Hant': '最多 {n} 個字' },
  date: { en: 'enter a date', 'zh-Hans': '请输入日期', 'zh-Hant': '請輸入日期' },
  dateTime: { en: 'enter a date and time', 'zh-Hans': '请输入日期和时间', 'zh-Hant': '請輸入日期和時間' },
  format: { en: 'not in the expected form', 'zh-Hans': '格式不正确', 'zh-Hant': '格式不正確' },
  choose: { en: 'choose one of the options', 'zh-Hans': '请从选项中选择', 'zh-Hant': '請從選項中選擇' },
  unexpected: { en: 'not a field of this form', 'zh-Hans': '不属于此表单', 'zh-Hant': '不屬於此表單' },
  row: { en: 'row {n}', 'zh-Hans': '第 {n} 行', 'zh-Hant': '第 {n} 行' },
  form: { en: 'This form', 'zh-Hans': '此表单', 'zh-Hant': '此表單' },
  invalid: { en: 'not valid', 'zh-Hans': '无效', 'zh-Hant': '無效' },
} satisfies Record<string, Copy>;

const localeOf = (lang: string): Locale => (lang === 'zh-Hans' ? 'zh-Hans' : lang === 'zh' || lang === 'zh-Hant' ? 'zh-Hant' : 'en');
const say = (lang: string, key: keyof typeof words, n?: number | bigint) => words[key][localeOf(lang)].replace('{n}', String(n ?? ''));

/** Issues of a refinement may carry their sentence in every language: `params: { copy }`. */
const copyOf = (issue: z.core.$ZodIssue): Copy | undefined => {
  const copy = (issue as { params?: { copy?: unknown } }).params?.copy;
  return copy && typeof copy === 'object' ? (copy as Copy) : undefined;
};

function what(issue: z.core.$ZodIssue, lang: string): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return say(lang, 'required');
      if (issue.expected === 'number' || issue.expected === 'int') return say(lang, issue.expected === 'int' ? 'wholeNumber' : 'number');
      if (issue.expected === 'string') return say(lang, 'text');
      return say(lang, 'invalid');
    case 'too_small': {
      const n = issue.minimum;
      if (issue.origin === 'string') return Number(n) <= 1 ? say(lang, 'required') : say(lang, 'atLeastChars', n);
      if (issue.origin === 'array' || issue.origin === 'set') return say(lang, 'atLeastRows', n);
      return say(lang, issue.inclusive === false ? 'moreThan' : 'atLeast', n);
    }
    case 'too_big': {
      const n = issue.maximum;
      if (issue.origin === 'string') return say(lang, 'atMostChars', n);
      if (issue.origin === 'array' || issue.origin === 'set') return say(lang, 'atMostRows', n);
      return say(lang, issue.inclusive === false ? 'lessThan' : 'atMost', n);
    }
    case 'invalid_format':
      return say(lang, issue.format === 'date' ? 'date' : issue.format === 'datetime' ? 'dateTime' : 'format');
    case 'invalid_value':
      return say(lang, 'choose');
    case 'unrecognized_keys':
      return say(lang, 'unexpected');
    case 'custom': {
      const copy = copyOf(issue);
      return copy ? copy[localeOf(lang)] : issue.message;
    }
    default:
      return issue.message;
  }
}

/**
 * Each issue as a problem of its field, in words. `label` names a field by its key in `lang`
 * (the process's field copy).
 */
export function problemsInWords(issues: readonly z.core.$ZodIssue[], lang: string, label: (key: string) => string): WordedProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '');
    return { path: path.join('.'), where: whereOf(path.join('.'), lang, label), message: what(issue, lang) };
  });
}

/** A dotted field path in words: `lines.1.unitPriceMinor` → `Lines, row 2, Unit price`. */
export function whereOf(path: string, lang: string, label: (key: string) => string): string {
  const parts = path.split('.').filter(Boolean);
  const where = parts.length ? parts.map((part) => (/^\d+$/.test(part) ? say(lang, 'row', Number(part) + 1) : label(part))).join(', ') : say(lang, 'form');
  return where.charAt(0).toUpperCase() + where.slice(1);
}

/** Checks `value` with `schema` as the API will, and answers its problems in words (none: it passes). */
export function checkInWords(schema: z.ZodType, value: unknown, lang: string, label: (key: string) => string): WordedProblem[] {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? [] : problemsInWords(result.error.issues, lang, label);
}
