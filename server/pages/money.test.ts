import { describe, expect, it } from 'vitest';
import { amountInput, formatAmount, formatMoney, parseAmount } from './money';

describe('money on the screens', () => {
  it('reads what a cashier types in yuan as fen, exactly: 2670.00 is 267,000 fen, not 2,670', () => {
    expect(parseAmount('2670.00', 'CNY')).toEqual({ ok: true, minor: 267_000 });
    expect(parseAmount('2,670.00', 'CNY')).toEqual({ ok: true, minor: 267_000 });
    expect(parseAmount('2670', 'CNY')).toEqual({ ok: true, minor: 267_000 });
    expect(parseAmount(' ¥ 2,670.5 ', 'CNY')).toEqual({ ok: true, minor: 267_050 });
    expect(parseAmount('２６７０．００', 'CNY')).toEqual({ ok: true, minor: 267_000 });
    expect(parseAmount('0.1', 'CNY')).toEqual({ ok: true, minor: 10 });
    expect(parseAmount('.5', 'CNY')).toEqual({ ok: true, minor: 50 });
    expect(parseAmount('1.10', 'CNY')).toEqual({ ok: true, minor: 110 });
    expect(parseAmount('69.99', 'CNY')).toEqual({ ok: true, minor: 6_999 });
    expect(parseAmount('500', 'JPY')).toEqual({ ok: true, minor: 500 });
  });

  it('refuses what is no amount, a third decimal and a negative amount, each for its reason', () => {
    expect(parseAmount('', 'CNY')).toEqual({ ok: false, problem: 'notAnAmount' });
    expect(parseAmount('abc', 'CNY')).toEqual({ ok: false, problem: 'notAnAmount' });
    expect(parseAmount('1.2.3', 'CNY')).toEqual({ ok: false, problem: 'notAnAmount' });
    expect(parseAmount('1e5', 'CNY')).toEqual({ ok: false, problem: 'notAnAmount' });
    expect(parseAmount('26.705', 'CNY')).toEqual({ ok: false, problem: 'tooManyDecimals' });
    expect(parseAmount('26.700', 'CNY')).toEqual({ ok: true, minor: 2_670 });
    expect(parseAmount('-5', 'CNY')).toEqual({ ok: false, problem: 'negative' });
  });

  it('shows fen as yuan with grouping in each language, and as a plain number in an input', () => {
    expect(formatAmount(267_000, 'CNY', 'en-GB')).toBe('2,670.00');
    expect(formatAmount(267_000, 'CNY', 'zh-CN')).toBe('2,670.00');
    expect(formatAmount(5, 'CNY', 'zh-TW')).toBe('0.05');
    expect(formatMoney(267_000, 'CNY', 'zh-CN')).toBe('¥2,670.00');
    expect(formatMoney(267_000, 'CNY', 'en-GB')).toBe('¥2,670.00');
    expect(amountInput(267_050, 'CNY')).toBe('2670.50');
    for (const minor of [0, 1, 99, 100, 6_999, 267_050, 123_456_789]) {
      expect(parseAmount(formatAmount(minor, 'CNY', 'en-GB'), 'CNY')).toEqual({ ok: true, minor });
      expect(parseAmount(amountInput(minor, 'CNY'), 'CNY')).toEqual({ ok: true, minor });
    }
  });
});
