/** @jsxImportSource hono/jsx */
/**
 * What an event recorded, as a person reads it: each field by its name in the page's language,
 * amounts in yuan, yes/no for switches, lists as lists. Never JSON; a drawn signature is drawn
 * elsewhere, so its strokes are left out here.
 */
import type { FieldCopy } from '../../machines/index.js';
import { intlLocale, optionName, t, type Lang } from './i18n.js';
import { formatMoney } from './money.js';
import { labelIn } from './submit.js';

type CopyTable = Readonly<Record<string, FieldCopy>>;

export { intlLocale };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Shown {
  lang: Lang;
  copy: CopyTable;
  currency: string;
  /** Cases named by id in a payload (a complaint's work order), by their numbers. */
  numbers?: Readonly<Record<string, string>>;
}

function Value({ lang, copy, keyName, value, currency, numbers }: Shown & { keyName: string; value: unknown }): any {
  if (typeof value === 'string' && numbers?.[value]) return <a href={`/cases/${value}`}>{numbers[value]}</a>;
  if (typeof value === 'boolean') return optionName(lang, copy[keyName], String(value));
  if (typeof value === 'number') return keyName.endsWith('Minor') ? formatMoney(value, currency, intlLocale(lang)) : new Intl.NumberFormat(intlLocale(lang)).format(value);
  if (typeof value === 'string') return copy[keyName]?.options?.[value] ? optionName(lang, copy[keyName], value) : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">{t(lang, 'none')}</span>;
    return (
      <ul class="payload-list">
        {value.map((item) => (
          <li>{isRecord(item) ? <Fields lang={lang} copy={copy} value={item} currency={currency} numbers={numbers} inline /> : <Value lang={lang} copy={copy} keyName={keyName} value={item} currency={currency} numbers={numbers} />}</li>
        ))}
      </ul>
    );
  }
  if (isRecord(value)) return <Fields lang={lang} copy={copy} value={value} currency={currency} numbers={numbers} />;
  return null;
}

function Fields({ lang, copy, value, currency, numbers, inline = false }: Shown & { value: Record<string, unknown>; inline?: boolean }) {
  const label = labelIn(copy, lang);
  const entries = Object.entries(value).filter(([key, v]) => key !== 'strokes' && key !== 'at' && v !== undefined && v !== null);
  return (
    <dl class={inline ? 'payload inline' : 'payload'}>
      {entries.map(([key, v]) => (
        <div>
          <dt>{label(key)}</dt>
          <dd>
            <Value lang={lang} copy={copy} keyName={key} value={v} currency={currency} numbers={numbers} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A recorded payload, field by field. */
export function PayloadView(props: { lang: Lang; copy: CopyTable; payload: unknown; currency?: string; numbers?: Readonly<Record<string, string>> }) {
  const { lang, copy, payload, currency = 'CNY', numbers } = props;
  return isRecord(payload) ? <Fields lang={lang} copy={copy} value={payload} currency={currency} numbers={numbers} /> : null;
}
