/** @jsxImportSource hono/jsx */
/**
 * One form, its inputs generated from the fields of a zod schema (see fields.ts). Used for every
 * event and for opening a case: no form is written by hand.
 */
import type { Child } from 'hono/jsx';
import type { Field, FieldProblem, FormValues } from './fields.js';
import { fieldName, t, type Lang } from './i18n.js';
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
        <FieldInput field={field} lang={props.lang} values={props.values} problems={problemsByField} />
      ))}
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
function LabelledField(props: { field: Field; id: string; label: string; mark: unknown; hint?: string; problems: Map<string, string[]>; children: unknown }) {
  return (
    <div class="field" data-field={props.field.name}>
      <label for={props.id}>
        {props.label}
        {props.mark}
        {props.hint ? <> <span class="hint">({props.hint})</span></> : null}
      </label>
      {props.children}
      <Problems name={props.field.name} problems={props.problems} />
    </div>
  );
}

function FieldInput({ field, lang, values, problems }: { field: Field; lang: Lang; values: FormValues; problems: Map<string, string[]> }) {
  const id = inputId(field.name);
  const label = fieldName(lang, field.key);
  const value = values[field.name] ?? '';
  const mark = field.required && field.kind !== 'boolean' ? <span class="required" aria-hidden="true"> *</span> : null;
  switch (field.kind) {
    case 'group':
      return (
        <fieldset class="group" data-field={field.name}>
          <legend>{label}</legend>
          {field.fields.map((f) => (
            <FieldInput field={f} lang={lang} values={values} problems={problems} />
          ))}
          <Problems name={field.name} problems={problems} />
        </fieldset>
      );
    case 'boolean':
      return (
        <div class="field checkbox" data-field={field.name}>
          <label for={id}>
            <input type="checkbox" id={id} name={field.name} checked={value === 'on' || value === 'true'} /> {label}
          </label>
          <Problems name={field.name} problems={problems} />
        </div>
      );
    case 'choice':
      return (
        <LabelledField field={field} id={id} label={label} mark={mark} problems={problems}>
          <select id={id} name={field.name} required={field.required}>
            <option value="">{t(lang, 'choose')}</option>
            {field.options.map((option) => (
              <option value={option} selected={option === value}>
                {option}
              </option>
            ))}
          </select>
        </LabelledField>
      );
    case 'number':
      return (
        <LabelledField field={field} id={id} label={label} mark={mark} problems={problems}>
          <input type="number" id={id} name={field.name} value={value} step={field.integer ? '1' : 'any'} min={field.min} max={field.max} />
        </LabelledField>
      );
    case 'text':
      return (
        <LabelledField field={field} id={id} label={label} mark={mark} problems={problems}>
          {field.multiline ? (
            <textarea id={id} name={field.name} rows={3} maxlength={field.maxLength}>
              {value}
            </textarea>
          ) : field.format === 'date-time' ? (
            <>
              <input type="datetime-local" id={id} name={field.name} value={value} data-iso={`${field.name}.iso`} />
              <input type="hidden" name={`${field.name}.iso`} value="" />
            </>
          ) : (
            <input type={field.format === 'date' ? 'date' : 'text'} id={id} name={field.name} value={value} maxlength={field.maxLength} />
          )}
        </LabelledField>
      );
    case 'lines':
      return (
        <LabelledField field={field} id={id} label={label} mark={mark} hint={t(lang, 'oneItemPerLine')} problems={problems}>
          <textarea id={id} name={field.name} rows={3}>
            {value}
          </textarea>
        </LabelledField>
      );
    case 'json':
      return (
        <LabelledField field={field} id={id} label={label} mark={mark} hint={t(lang, 'jsonHint')} problems={problems}>
          <textarea id={id} name={field.name} rows={Math.min(14, Math.max(4, value.split('\n').length + 1))} class="code" spellcheck={false}>
            {value || JSON.stringify(field.example, null, 2)}
          </textarea>
          <span class="hint example">
            {t(lang, 'forExample')} <code>{JSON.stringify(field.example)}</code>
          </span>
        </LabelledField>
      );
    case 'signature':
      return (
        <SignaturePad
          lang={lang}
          name={field.name}
          id={id}
          legend={label}
          signedBy={values[`${field.name}.signedBy`] ?? ''}
          strokes={values[`${field.name}.strokes`] ?? ''}
          problems={<Problems name={field.name} problems={problems} />}
        />
      );
  }
}
