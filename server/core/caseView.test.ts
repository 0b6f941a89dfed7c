import { describe, expect, it } from 'vitest';
import { jsonBytesWith, jsonWith } from './caseView.js';

describe('jsonWith', () => {
  it('writes the same JSON as serializing the whole, whatever the spliced member holds', () => {
    const context = {
      customer: { name: 'Zhang "Xiao" Ming \\ 张小明', phone: '+86 138' },
      note: '\\u0000spliced is only text here',
      lines: [{ unitPriceMinor: 5_000 }, null, true],
    };
    const view = { id: 'x', version: 4, context, allowedEvents: ['a'], dueAt: null };
    expect(jsonWith(view, 'context', JSON.stringify(context))).toBe(JSON.stringify(view));
    expect(JSON.parse(jsonWith(view, 'context', JSON.stringify(context)))).toEqual(view);
  });

  it('keeps the member where the object has it', () => {
    expect(jsonWith({ a: 1, context: {}, b: 2 }, 'context', '{"x":[1]}')).toBe('{"a":1,"context":{"x":[1]},"b":2}');
  });
});

describe('jsonBytesWith', () => {
  it('is the UTF-8 of jsonWith, Chinese and escapes included', () => {
    const context = { customer: { name: '张小明 "Ming"', plate: '粤B·12345 😀' }, lines: [1, null] };
    const view = { id: 'x', context, stuck: false };
    const bytes = jsonBytesWith(view, 'context', JSON.stringify(context));
    expect(bytes.toString('utf8')).toBe(JSON.stringify(view));
    expect(bytes.length).toBe(Buffer.byteLength(JSON.stringify(view)));
  });
});
