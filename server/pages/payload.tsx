/** @jsxImportSource hono/jsx */
/**
 * What an event recorded, as a person reads it: each field by its name in the page's language,
 * amounts in yuan, yes/no for switches, lists as lists. Never JSON; a drawn signature is drawn
 * elsewhere, so its strokes are left out here.
 */
import { fieldName, optionName, t, type Lang } from './i18n.js';
import { formatMoney } from './money.js';

const locales: Record<string, string> = { en: 'en-GB', zh: 'zh-TW', 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW' };
export const intlLocale = (lang: string) => locales[lang] ?? 'en-GB';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function Value({ lang, keyName, value, currency }: { lang: Lang; keyName: string; value: unknown; currency: string }): any {
  if (typeof value === 'boolean') return optionName(lang, keyName, String(value));
  if (typeof value === 'number') return keyName.endsWith('Minor') ? formatMoney(value, currency, intlLocale(lang)) : new Intl.NumberFormat(intlLocale(lang)).format(value);
  if (typeof value === 'string') return keyName === 'kind' || keyName === 'method' || keyName === 'channel' || keyName === 'severity' ? optionName(lang, keyName, value) : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">{t(lang, 'none')}</span>;
    return (
      <ul class="payload-list">
        {value.map((item) => (
          <li>{isRecord(item) ? <Fields lang={lang} value={item} currency={currency} inline /> : <Value lang={lang} keyName={keyName} value={item} currency={currency} />}</li>
        ))}
      </ul>
    );
  }
  if (isRecord(value)) return <Fields lang={lang} value={value} currency={currency} />;
  return null;
}

function Fields({ lang, value, currency, inline = false }: { lang: Lang; value: Record<string, unknown>; currency: string; inline?: boolean }) {
  const entries = Object.entries(value).filter(([key, v]) => key !== 'strokes' && key !== 'at' && v !== undefined && v !== null);
  return (
    <dl class={inline ? 'payload inline' : 'payload'}>
      {entries.map(([key, v]) => (
        <div>
          <dt>{fieldName(lang, key)}</dt>
          <dd>
            <Value lang={lang} keyName={key} value={v} currency={currency} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A recorded payload, field by field. */
export function PayloadView({ lang, payload, currency = 'CNY' }: { lang: Lang; payload: unknown; currency?: string }) {
  return isRecord(payload) ? <Fields lang={lang} value={payload} currency={currency} /> : null;
}
