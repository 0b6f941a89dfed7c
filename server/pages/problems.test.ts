import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { signatureSchema } from '../../machines/signature';
import { checkInWords } from './problems';

const labels: Record<string, Record<string, string>> = {
  en: { lines: 'Lines', unitPriceMinor: 'Unit price', description: 'Description', promisedAt: 'Promised delivery', customerSignature: "Customer's signature", strokes: 'Drawing' },
  'zh-Hans': { lines: '项目', unitPriceMinor: '单价', description: '说明', promisedAt: '承诺交车时间', customerSignature: '客户签名', strokes: '签字' },
};
const schema = z.strictObject({
  lines: z.array(z.strictObject({ description: z.string().trim().min(1), unitPriceMinor: z.number().int().min(0) })).min(1),
  promisedAt: z.iso.datetime({ offset: true }),
  customerSignature: signatureSchema.optional(),
});
const worded = (value: unknown, lang: string) => checkInWords(schema, value, lang, (key) => labels[lang]?.[key] ?? key);

describe('validation problems in words', () => {
  it('names the field and the row in the page’s language instead of a path and a developer message', () => {
    const value = { lines: [{ description: 'Pads', unitPriceMinor: 100 }, { description: '', unitPriceMinor: 'x' }], promisedAt: 'tomorrow' };
    expect(worded(value, 'en')).toEqual([
      { path: 'lines.1.description', where: 'Lines, row 2, Description', message: 'required' },
      { path: 'lines.1.unitPriceMinor', where: 'Lines, row 2, Unit price', message: 'enter a number' },
      { path: 'promisedAt', where: 'Promised delivery', message: 'enter a date and time' },
    ]);
    expect(worded(value, 'zh-Hans').map((p) => `${p.where}: ${p.message}`)).toEqual([
      '项目, 第 2 行, 说明: 必填',
      '项目, 第 2 行, 单价: 请输入数字',
      '承诺交车时间: 请输入日期和时间',
    ]);
  });

  it('asks for at least one row when a list that needs one is empty, and for a drawing when a signature is a name alone', () => {
    const problems = worded({ lines: [], promisedAt: '2030-01-01T10:00:00Z', customerSignature: { signedBy: 'Li', strokes: [] } }, 'zh-Hans');
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['lines', '请至少填写 1 行'],
      ['customerSignature.strokes', '请在签名板上签名:至少 10 个点'],
    ]);
  });
});
