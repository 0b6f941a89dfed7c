/** @jsxImportSource hono/jsx */
/**
 * One form, its inputs generated from the fields of a zod schema (see fields.ts). Used for every
 * event and for opening a case: no form is written by hand.
 */
import type { Child } from 'hono/jsx';
import { nameIn, rowIndexes, type Field, type FieldProblem, type FormValues } from './fields.js';
import { inLang, type FieldChoices } from '../../machines/index.js';
import { optionName, spelledOut, t, type Lang } from './i18n.js';
import { ShownValue, shownText } from './shown.js';
import { SignaturePad } from './signature.js';

export interface FormProps {
  lang: Lang;
  action: string;
  csrf: string;
  fields: Field[];
  values: FormValues;
  submitLabel: string;
  /** Extra hidden inputs: the event type, the version the page showed. */
  hidden?: Record<string, string>;
  problems?: FieldProblem[];
  /** Fields whose values come from the case, by key (the event's `choices`). */
  choices?: Readonly<Record<string, FieldChoices>>;
  /** A sentence to confirm before sending (a checkbox the sender must tick). */
  confirm?: string;
  id?: string;
  class?: string;
  children?: Child;
}

export function SchemaForm(props: FormProps) {
  const problemsByField = new Map<string, string[]>();
  for (const p of props.problems ?? []) {
    const list = problemsByField.get(p.path) ?? [];
    list.push(p.message);
    problemsByField.set(p.path, list);
  }
  return (
    <form method="post" action={props.action} class={`schema-form ${props.class ?? ''}`} id={props.id}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.children}
      {props.fields.map((field) => (
        <FieldInput field={field} lang={props.lang} values={props.values} problems={problemsByField} choices={props.choices} />
      ))}
      {props.confirm ? (
        <div class="field checkbox confirm">
          <label>
            <input type="checkbox" name="_confirmed" value="yes" required data-confirm /> {props.confirm}
          </label>
        </div>
      ) : null}
      <div class="form-actions">
        <button type="submit">{props.submitLabel}</button>
      </div>
    </form>
  );
}

const inputId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function Problems({ name, problems }: { name: string; problems: Map<string, string[]> }) {
  const mine = [...problems.entries()].filter(([path]) => path === name || path.startsWith(`${name}.`)).flatMap(([, m]) => m);
  if (mine.length === 0) return null;
  return <span class="field-problem">{mine.join('; ')}</span>;
}

/** A labelled field: its label (with the required mark and an optional hint), the control, its problems. */
function LabelledField(props: { name: string; id: string; label: string; mark: unknown; hint?: string; class?: string; problems: Map<string, string[]>; children: unknown }) {
  return (
    <div class={`field ${props.class ?? ''}`} data-field={props.name}>
      <label for={props.id}>
        {props.label}
        {props.mark}
        {props.hint ? <> <span class="hint">({props.hint})</span></> : null}
      </label>
      {props.children}
      <Problems name={props.name} problems={props.problems} />
    </div>
  );
}

interface InputProps {
  field: Field;
  lang: Lang;
  values: FormValues;
  problems: Map<string, string[]>;
  /** The row a field of a list sits in (`lines.2`), or '' at the top of the form. */
  prefix?: string;
  choices?: Readonly<Record<string, FieldChoices>>;
}

function FieldInput({ field, lang, values, problems, prefix = '', choices }: InputProps) {
  const name = nameIn(prefix, field);
  const id = inputId(name);
  const label = field.copy ? inLang(field.copy.label, lang) : spelledOut(field.key);
  const hint = field.copy?.hint && inLang(field.copy.hint, lang);
  const value = values[name] ?? '';
  const mark = field.required && field.kind !== 'boolean' ? <span class="required" aria-hidden="true"> *</span> : null;
  const labelled = (children: unknown, extra: { hint?: string; class?: string } = {}) => (
    <LabelledField name={name} id={id} label={label} mark={mark} hint={extra.hint ?? hint} class={extra.class} problems={problems}>
      {children}
    </LabelledField>
  );
  // A list's own line ids are kept across revisions, never typed or shown.
  if (prefix && field.key === 'id') return <input type="hidden" name={name} value={value} />;
  const choice = choices && Object.hasOwn(choices, field.key) ? choices[field.key] : undefined;
  if (choice) {
    const labelOf = (v: string) => choice.options.find((o) => String(o.value) === v)?.label;
    if (choice.fixed) {
      return (
        <div class="field fixed" data-field={name}>
          <span class="fixed-label">{label}</span>
          <span class="fixed-value">
            <ShownValue lang={lang} value={labelOf(value) ?? value} />
          </span>
          <input type="hidden" name={name} value={value} />
        </div>
      );
    }
    if (field.kind === 'lines') {
      const ticked = new Set(value.split('\n').map((v) => v.trim()));
      return (
        <fieldset class="group checklist" data-field={name}>
          <legend>
            {label}
            {mark}
          </legend>
          {choice.options.length === 0 ? <p class="empty">{t(lang, 'none')}</p> : null}
          {choice.options.map((option, i) => (
            <label class="check">
              <input type="checkbox" name={`${name}.${i}`} value={String(option.value)} checked={ticked.has(String(option.value))} />{' '}
              <ShownValue lang={lang} value={option.label} />
            </label>
          ))}
          <Problems name={name} problems={problems} />
        </fieldset>
      );
    }
    return labelled(
      <select id={id} name={name}>
        <option value="">{t(lang, 'choose')}</option>
        {choice.options.map((option) => (
          <option value={String(option.value)} selected={String(option.value) === value}>
            {shownText(lang, option.label)}
          </option>
        ))}
      </select>,
    );
  }
  switch (field.kind) {
    case 'group':
      return (
        <fieldset class="group" data-field={name}>
          <legend>{label}</legend>
          {field.fields.map((f) => (
            <FieldInput field={f} lang={lang} values={values} problems={problems} prefix={prefix} choices={choices} />
          ))}
          <Problems name={name} problems={problems} />
        </fieldset>
      );
    case 'boolean':
      return (
        <div class="field checkbox" data-field={name}>
          <label for={id}>
            <input type="checkbox" id={id} name={name} checked={value === 'on' || value === 'true'} /> {label}
          </label>
          <Problems name={name} problems={problems} />
        </div>
      );
    case 'yesNo':
      return labelled(
        <select id={id} name={name}>
          <option value="">{t(lang, 'choose')}</option>
          <option value="true" selected={value === 'true'}>
            {optionName(lang, field.copy, 'true')}
          </option>
          <option value="false" selected={value === 'false'}>
            {optionName(lang, field.copy, 'false')}
          </option>
        </select>,
        { class: 'short' },
      );
    case 'choice':
      return labelled(
        <select id={id} name={name}>
          <option value="">{t(lang, 'choose')}</option>
          {field.options.map((option) => (
            <option value={option} selected={option === value}>
              {optionName(lang, field.copy, option)}
            </option>
          ))}
        </select>,
        { class: 'short' },
      );
    case 'number':
      return labelled(
        <input
          type="text"
          inputmode={field.integer ? 'numeric' : 'decimal'}
          id={id}
          name={name}
          value={value}
          autocomplete="off"
         
          data-qty={field.key === 'quantity' ? '' : undefined}
        />,
        { class: 'short' },
      );
    case 'money':
      return labelled(
        <span class="money-input">
          <span class="unit" aria-hidden="true">
            ¥
          </span>
          <input type="text" inputmode="decimal" id={id} name={name} value={value} autocomplete="off" data-money="" placeholder="0.00" />
        </span>,
        { class: 'short' },
      );
    case 'text':
      if (field.multiline) {
        return labelled(
          <textarea id={id} name={name} rows={3} maxlength={field.maxLength}>
            {value}
          </textarea>,
          { class: 'wide' },
        );
      }
      if (field.format === 'date-time') {
        return labelled(
          <>
            <input type="datetime-local" id={id} name={name} value={value} data-iso={`${name}.iso`} />
            <input type="hidden" name={`${name}.iso`} value="" />
          </>,
        );
      }
      return labelled(
        <input type={field.format === 'date' ? 'date' : 'text'} id={id} name={name} value={value} maxlength={field.maxLength} />,
        { class: field.format === 'date' ? 'short' : 'wide' },
      );
    case 'lines':
      return labelled(
        <textarea id={id} name={name} rows={3}>
          {value}
        </textarea>,
        { hint: [hint, t(lang, 'oneItemPerLine')].filter(Boolean).join('; '), class: 'wide' },
      );
    case 'rows':
      return <RowsEditor field={field} lang={lang} values={values} problems={problems} name={name} label={label} mark={mark} choices={choices} />;
    case 'signature':
      return (
        <SignaturePad
          lang={lang}
          name={name}
          id={id}
          legend={label}
          signedBy={values[`${name}.signedBy`] ?? ''}
          strokes={values[`${name}.strokes`] ?? ''}
          problems={<Problems name={name} problems={problems} />}
        />
      );
  }
}

/**
 * A list of records as rows: one card per item with a labelled input per property, a spare
 * empty row to type into (left out when blank), and, with script, buttons to add and remove
 * rows and a live amount per row and in total where a row has a quantity and a price.
 */
function RowsEditor(props: {
  field: Extract<Field, { kind: 'rows' }>;
  lang: Lang;
  values: FormValues;
  problems: Map<string, string[]>;
  name: string;
  label: string;
  mark: unknown;
  choices?: Readonly<Record<string, FieldChoices>>;
}) {
  const { field, lang, values, name } = props;
  // Rows whose key field is given (one resolution per request) are neither added nor removed.
  const given = field.fields.some((f) => props.choices?.[f.key]?.fixed);
  const filled = rowIndexes(values, name);
  const next = filled.length ? filled[filled.length - 1]! + 1 : 0;
  // Every filled row, or one empty row to start typing into (script adds more).
  const shown = filled.length ? filled : [next];
  const priced = field.fields.some((f) => f.kind === 'money') && field.fields.some((f) => f.key === 'quantity');
  const row = (index: number | '__i__', position: number | '__n__') => {
    const rowLabel = t(lang, 'rowN', { n: position });
    return (
      <div class="row-card" data-row={String(index)} role="group" aria-label={rowLabel}>
        <div class="row-head">
          <span class="row-number">{rowLabel}</span>
          {priced ? <output class="row-amount" data-row-amount></output> : null}
          {given ? null : (
            <button type="button" class="secondary small" data-remove-row aria-label={`${t(lang, 'removeRow')} (${rowLabel})`}>
              {t(lang, 'removeRow')}
            </button>
          )}
        </div>
        <div class="row-fields">
          {field.fields.map((f) => (
            <FieldInput field={f} lang={lang} values={values} problems={props.problems} prefix={`${name}.${index}`} choices={props.choices} />
          ))}
        </div>
      </div>
    );
  };
  return (
    <fieldset class="group rows" data-field={name} data-rows={name} data-next-row={String(Math.max(...shown) + 1)} data-row-word={t(lang, 'rowN')}>
      <legend>
        {props.label}
        {props.mark}
      </legend>
      <div class="row-list">{shown.map((index, i) => row(index, i + 1))}</div>
      {given ? null : <template data-row-template>{row('__i__', '__n__')}</template>}
      <div class="rows-foot">
        {given ? <span></span> : (
          <button type="button" class="secondary" data-add-row>
            {t(lang, 'addRow')}
          </button>
        )}
        {priced ? (
          <p class="rows-total">
            {t(lang, 'total')}: <output data-rows-total></output>
          </p>
        ) : null}
      </div>
      <Problems name={name} problems={props.problems} />
    </fieldset>
  );
}
