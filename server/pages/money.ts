/**
 * Money as people read and type it: yuan with two decimals (`2,670.00`), never fen. The data and
 * the API keep integer minor units; these turn one into the other at the edge of the screens.
 */

/** Decimal places of a currency's minor unit (CNY 2, JPY 0), as Intl knows it. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as an amount in `locale`: 267000 CNY → `2,670.00` (no symbol: columns say the currency). */
export function formatAmount(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
}

/** Minor units with the currency's sign: `¥2,670.00`. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(minor / 10 ** digits);
  } catch {
    return `${formatAmount(minor, currency, locale)} ${currency}`;
  }
}

/** What an amount typed into a form would be in the form itself (no grouping: it is typed back). */
export function amountInput(minor: number, currency: string): string {
  return (minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));
}

export type ParsedAmount = { ok: true; minor: number } | { ok: false; problem: 'notAnAmount' | 'tooManyDecimals' | 'negative' };

/**
 * An amount typed in yuan into minor units, exactly (no floating point): `2,670.00`, `2670`,
 * `¥ 2,670.5`, full-width digits `２６７０`, `2670。00`. Commas and spaces group thousands; one dot
 * is the decimal point.
 */
export function parseAmount(typed: string, currency: string): ParsedAmount {
  const digits = minorDigits(currency);
  const text = typed
    .normalize('NFKC')
    .replace(/[。．]/g, '.')
    .replace(/[\s,_']/g, '')
    .replace(/^[¥￥$€£]|(?:CNY|RMB|元)$/giu, '')
    .replace(/^(?:CNY|RMB)/i, '');
  if (text.startsWith('-')) return { ok: false, problem: 'negative' };
  const match = /^\+?(\d+)(?:\.(\d*))?$/.exec(text) ?? /^\+?()\.(\d+)$/.exec(text);
  if (!match) return { ok: false, problem: 'notAnAmount' };
  const [, whole = '', fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > digits) return { ok: false, problem: 'tooManyDecimals' };
  const minor = BigInt(whole || '0') * 10n ** BigInt(digits) + BigInt((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, problem: 'notAnAmount' };
  return { ok: true, minor: Number(minor) };
}
