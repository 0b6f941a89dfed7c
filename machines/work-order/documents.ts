/**
 * What the customer reads and signs, as blocks the pages draw (directly above the signature pad,
 * on the customer's phone and in print): the estimate revision with its total and promised time,
 * the supplement's added lines, the invoice with its lines; and the inspection record.
 */
import type { Copy, RecordBlock, Shown } from '../process.js';
import type { Estimate, EstimateLine, WorkOrderContext } from './machine.js';

const words = {
  kind: { en: 'Kind', 'zh-Hans': '类别', 'zh-Hant': '類別' },
  description: { en: 'Description', 'zh-Hans': '项目说明', 'zh-Hant': '項目說明' },
  quantity: { en: 'Qty', 'zh-Hans': '数量', 'zh-Hant': '數量' },
  unitPrice: { en: 'Unit price', 'zh-Hans': '单价', 'zh-Hant': '單價' },
  amount: { en: 'Amount', 'zh-Hans': '金额', 'zh-Hant': '金額' },
  status: { en: 'Status', 'zh-Hans': '状态', 'zh-Hant': '狀態' },
  total: { en: 'Total', 'zh-Hans': '合计', 'zh-Hant': '合計' },
  newTotal: { en: 'New total', 'zh-Hans': '新合计', 'zh-Hant': '新合計' },
  promised: { en: 'Promised delivery', 'zh-Hans': '承诺交车时间', 'zh-Hant': '承諾交車時間' },
  note: { en: 'Found during repair', 'zh-Hans': '维修中发现', 'zh-Hant': '維修中發現' },
  invoice: { en: 'Invoice', 'zh-Hans': '结算单', 'zh-Hant': '結算單' },
  added: { en: 'Additional work', 'zh-Hans': '追加项目', 'zh-Hant': '追加項目' },
  inspection: { en: 'Inspection record', 'zh-Hans': '外观功能件检查记录', 'zh-Hant': '外觀功能件檢查記錄' },
  findings: { en: 'Findings', 'zh-Hans': '检查结果', 'zh-Hant': '檢查結果' },
  belongings: { en: 'Belongings left in the car', 'zh-Hans': '随车物品', 'zh-Hant': '隨車物品' },
  none: { en: 'None', 'zh-Hans': '无', 'zh-Hant': '無' },
  covers: { en: 'Protective covers fitted in front of the customer', 'zh-Hans': '已当面安装三件套', 'zh-Hant': '已當面安裝三件套' },
  valuables: { en: 'Customer reminded about valuables', 'zh-Hans': '已提示贵重物品', 'zh-Hant': '已提示貴重物品' },
  signed: { en: 'Signed by the customer', 'zh-Hans': '客户签字', 'zh-Hant': '客戶簽字' },
  labour: { en: 'Labour', 'zh-Hans': '工时', 'zh-Hant': '工時' },
  part: { en: 'Part', 'zh-Hans': '零件', 'zh-Hant': '零件' },
  fluid: { en: 'Fluid', 'zh-Hans': '油液', 'zh-Hant': '油液' },
  pending: { en: 'to sign', 'zh-Hans': '待签字', 'zh-Hant': '待簽字' },
  approved: { en: 'approved', 'zh-Hans': '已确认', 'zh-Hant': '已確認' },
  declined: { en: 'declined', 'zh-Hans': '已拒绝', 'zh-Hant': '已拒絕' },
  done: { en: 'done', 'zh-Hans': '已完工', 'zh-Hant': '已完工' },
  toOrder: { en: 'to order', 'zh-Hans': '需订货', 'zh-Hant': '需訂貨' },
} satisfies Record<string, Copy>;

export const estimateTitle = (revision: number): Copy => ({
  en: `Estimate, revision ${revision}`,
  'zh-Hans': `估价单第 ${revision} 版`,
  'zh-Hant': `估價單第 ${revision} 版`,
});

/** A line as the customer reads it: what, how many, at what price, for how much. */
export const lineName = (line: Pick<EstimateLine, 'id' | 'description'>) => `${line.id} · ${line.description}`;

function lineRow(line: EstimateLine, currency: string, withStatus: boolean) {
  const status: Shown = withStatus
    ? { copy: line.done ? words.done : line.approval === 'approved' && line.inStock === false ? words.toOrder : words[line.approval] }
    : undefined;
  return {
    class: `approval-${line.approval}${line.done ? ' done' : ''}`,
    cells: [
      { copy: words[line.kind] } as Shown,
      line.description,
      line.quantity,
      { money: line.unitPriceMinor, currency },
      { money: line.amountMinor, currency },
      ...(withStatus ? [status] : []),
    ],
  };
}

const head = (withStatus: boolean): Copy[] => [words.kind, words.description, words.quantity, words.unitPrice, words.amount, ...(withStatus ? [words.status] : [])];

/** The estimate revision with its lines, total and promised time (what is signed at `sign`). */
export function estimateDocument(estimate: Estimate, withStatus = false): RecordBlock[] {
  return [
    {
      kind: 'table',
      title: estimateTitle(estimate.revision),
      head: head(withStatus),
      rows: estimate.lines.map((line) => lineRow(line, estimate.currency, withStatus)),
      footer: { label: words.total, cells: [{ strong: { money: estimate.totalMinor, currency: estimate.currency } }, ...(withStatus ? [''] : [])] },
    },
    {
      kind: 'line',
      parts: [
        { label: words.total, value: { strong: { money: estimate.totalMinor, currency: estimate.currency } } },
        { label: words.promised, value: { strong: { moment: estimate.promisedAt } } },
      ],
    },
  ];
}

/** The additional work found in repair: its note, the lines added, and the estimate's new total. */
export function supplementDocument(ctx: WorkOrderContext): RecordBlock[] {
  const supplement = ctx.supplements.find((s) => s.status === 'pending');
  const estimate = ctx.estimate;
  if (!supplement || !estimate) return [];
  const added = estimate.lines.filter((l) => supplement.lineIds.includes(l.id));
  return [
    { kind: 'quote', title: words.note, text: supplement.note },
    {
      kind: 'table',
      title: words.added,
      head: head(false),
      rows: added.map((line) => lineRow(line, estimate.currency, false)),
      footer: { label: words.newTotal, cells: [{ strong: { money: estimate.totalMinor, currency: estimate.currency } }] },
    },
    {
      kind: 'line',
      parts: [
        { label: words.newTotal, value: { strong: { money: estimate.totalMinor, currency: estimate.currency } } },
        { label: words.promised, value: { moment: estimate.promisedAt } },
      ],
    },
  ];
}

/** The invoice: every approved line and the total owed (declined lines are not billed). */
export function invoiceDocument(ctx: WorkOrderContext): RecordBlock[] {
  const estimate = ctx.estimate;
  const lines = estimate?.lines.filter((l) => l.approval === 'approved') ?? [];
  const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  return [
    {
      kind: 'table',
      title: words.invoice,
      head: head(false),
      rows: lines.map((line) => lineRow(line, ctx.currency, false)),
      footer: { label: words.total, cells: [{ strong: { money: totalMinor, currency: ctx.currency } }] },
    },
    { kind: 'line', parts: [{ label: words.total, value: { strong: { money: totalMinor, currency: ctx.currency } } }] },
  ];
}

/** The inspection record the customer signed: covers, findings, belongings, reminder. */
export function inspectionDocument(ctx: WorkOrderContext): RecordBlock[] {
  const inspection = ctx.inspection;
  if (!inspection) return [];
  return [
    {
      kind: 'list',
      title: words.inspection,
      items: [
        ...(inspection.coversFitted ? [{ copy: words.covers } as Shown] : []),
        ...(inspection.valuablesReminderGiven ? [{ copy: words.valuables } as Shown] : []),
      ],
    },
    {
      kind: 'table',
      title: words.findings,
      rows: inspection.findings.length ? inspection.findings.map((f) => ({ cells: [f.area, f.condition, f.note ?? ''] })) : [{ cells: [{ copy: words.none }] }],
    },
    { kind: 'list', title: words.belongings, items: inspection.belongings.length ? inspection.belongings : [{ copy: words.none }] },
    { kind: 'line', title: words.signed, parts: [{ signature: inspection.customerSignature }] },
  ];
}

export const signatureShown = (signature: { signedBy: string; strokes: Array<Array<[number, number]>>; at?: string }): Shown => ({ signature });
export const documentWords = words;
