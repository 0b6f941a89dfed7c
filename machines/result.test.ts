import { describe, expect, it } from 'vitest';
import { unstorableTextPath } from './result';

describe('unstorableTextPath', () => {
  it('names the field holding text PostgreSQL cannot store, through objects and arrays', () => {
    expect(unstorableTextPath({ lines: [{ description: 'ok' }, { description: 'brake\u0000pads' }] })).toBe('lines.1.description');
    expect(unstorableTextPath({ customer: { name: 'Wang \uD800' } })).toBe('customer.name');
    expect(unstorableTextPath({ notes: { 'a\u0000b': 'fine' } })).toBe('notes.a\u0000b');
    expect(unstorableTextPath('\u0000')).toBe('(body)');
  });

  it('passes what can be stored: numbers, strokes, paired surrogates, Chinese text', () => {
    const strokes = [[[80, 200], [115, 243]], [[300, 320], [700, 330]]];
    expect(unstorableTextPath({ signature: { signedBy: '王先生 😀', strokes }, plate: '粤A·12345', paid: true, note: null })).toBeUndefined();
  });
});
