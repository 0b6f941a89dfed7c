/**
 * How a device sale is shown: its form fields' names, what it is found by, its header and
 * record on the case page (the traceability data), and the sales list. Pages render these generically.
 */
import {type CaseSummary, type Copy, type FieldCopy, type ListPage, type RecordBlock, type Searchable, trilingual } from '../process.js';
import type { licenceKinds } from './events.js';
import type { DeviceSaleContext } from './machine.js';

export const buyerKindCopy: Record<DeviceSaleContext['buyer']['kind'], Copy> = {
  business: trilingual('Business', '经营单位', '經營單位'),
  medicalInstitution: trilingual('Medical institution', '医疗机构', '醫療機構'),
  individual: trilingual('Individual', '个人', '個人'),
};

/** The licence kinds in the words of the source's records. */
export const licenceKindCopy: Record<(typeof licenceKinds)[number], Copy> = {
  businessLicence: trilingual('Business licence', '营业执照', '營業執照'),
  deviceFilingRecord: trilingual('Device trading filing record', '医疗器械经营备案凭证', '醫療器械經營備案憑證'),
  deviceOperatingPermit: trilingual('Device operating permit', '医疗器械经营许可证', '醫療器械經營許可證'),
  practiceLicence: trilingual('Medical institution practice licence', '医疗机构执业许可证', '醫療機構執業許可證'),
};

export const deviceSaleFields: Record<string, FieldCopy> = {
  buyer: { label: trilingual('Buyer', '购货单位', '購貨單位') },
  kind: { label: trilingual('Kind', '类别', '類別'), options: { ...buyerKindCopy, ...licenceKindCopy } },
  name: { label: trilingual('Name', '名称', '名稱') },
  phone: { label: trilingual('Phone', '电话', '電話') },
  address: { label: trilingual('Address', '地址', '地址') },
  licences: {
    label: trilingual('Licences', '证照', '證照'),
    hint: trilingual(
      'A business: business licence and device filing record or operating permit. A medical institution: practice licence. An individual: none.',
      '经营单位：营业执照及医疗器械经营备案表或许可证；医疗机构：执业许可证；个人：无需。',
      '經營單位：營業執照及醫療器械經營備案表或許可證；醫療機構：執業許可證；個人：無需。',
    ),
  },
  number: { label: trilingual('Number', '编号', '編號') },
  holder: { label: trilingual('Holder', '持有人', '持有人') },
  expiresOn: { label: trilingual('Valid until', '有效期至', '有效期至') },
  specialManagementCheck: { label: trilingual('Special-management check', '特殊管理产品审核', '特殊管理產品審核') },
  basis: { label: trilingual('Rule applied', '依据', '依據') },
  checkedBy: { label: trilingual('Checked by', '审核人', '審核人') },
  note: { label: trilingual('Note', '备注', '備註') },
  saleDate: { label: trilingual('Sale date', '销售日期', '銷售日期') },
  handler: { label: trilingual('Handled by', '经办人', '經辦人') },
  invoiceNumber: { label: trilingual('Invoice number', '发票号', '發票號') },
  contractNumber: { label: trilingual('Contract number', '合同号', '合同號') },
  units: { label: trilingual('Units sold', '销售明细', '銷售明細') },
  product: { label: trilingual('Product name', '产品名称', '產品名稱') },
  manufacturer: { label: trilingual('Manufacturer', '生产单位', '生產單位') },
  model: { label: trilingual('Spec / model', '规格型号', '規格型號') },
  productionDate: { label: trilingual('Production date', '生产日期', '生產日期') },
  serialNumber: { label: trilingual('Serial number', '出厂编号', '出廠編號') },
  lot: { label: trilingual('Lot', '批号', '批號') },
  quantity: { label: trilingual('Quantity', '数量', '數量') },
  expiryDate: { label: trilingual('Expiry date', '有效期至', '有效期至') },
  serviceLifeYears: { label: trilingual('Service life (years)', '使用期限（年）', '使用期限（年）') },
  speciallyManaged: { label: trilingual('Specially managed product', '特殊管理产品', '特殊管理產品') },
  reason: { label: trilingual('Reason', '原因', '原因') },
};

export const deviceSaleSearch = (ctx: DeviceSaleContext): Searchable => ({
  plate: null,
  customerName: ctx.buyer.name,
  customerPhone: ctx.buyer.phone ?? null,
});


const words = {
  buyer: trilingual('Buyer', '购货单位', '購貨單位'),
  licences: trilingual('Qualification', '资质', '資質'),
  special: trilingual('Special-management check', '特殊管理产品审核', '特殊管理產品審核'),
  units: trilingual('Sales record', '销售记录', '銷售記錄'),
  saleDate: trilingual('Sale date', '销售日期', '銷售日期'),
  handler: trilingual('Handled by', '经办人', '經辦人'),
  invoice: trilingual('Invoice', '发票', '發票'),
  contract: trilingual('Contract', '合同', '合同'),
  retainUntil: trilingual('Keep the record until', '记录保存至', '記錄保存至'),
  opened: trilingual('Opened', '建立', '建立'),
  cancelled: trilingual('Cancelled', '已取消', '已取消'),
} satisfies Record<string, Copy>;

function qualificationBlocks(c: DeviceSaleContext): RecordBlock[] {
  if (!c.qualification) return [];
  return [
    {
      kind: 'table',
      title: words.licences,
      rows: c.qualification.licences.map((l) => ({ cells: [{ copy: licenceKindCopy[l.kind] }, { code: l.number }, l.holder, { date: l.expiresOn }] })),
    },
    ...(c.qualification.specialManagementCheck
      ? [{ kind: 'line' as const, title: words.special, parts: [c.qualification.specialManagementCheck.basis, c.qualification.specialManagementCheck.checkedBy] }]
      : []),
  ];
}

function saleBlocks(c: DeviceSaleContext): RecordBlock[] {
  if (!c.sale) return [];
  return [
    {
      kind: 'line',
      parts: [
        { label: words.saleDate, value: { date: c.sale.saleDate } },
        { label: words.handler, value: c.sale.handler },
        { label: words.invoice, value: { code: c.sale.invoiceNumber } },
        { label: words.contract, value: { code: c.sale.contractNumber } },
      ],
    },
    {
      kind: 'table',
      title: words.units,
      rows: c.sale.units.map((u) => ({
        cells: [u.product, u.manufacturer, u.model, { date: u.productionDate }, u.serialNumber ? { code: u.serialNumber } : '', u.lot ? { code: u.lot } : '', u.quantity, { date: u.retainUntil }],
      })),
    },
  ];
}

export const deviceSaleSummary: CaseSummary<DeviceSaleContext> = {
  headline: (c) => [
    { label: words.buyer, value: [c.buyer.name, c.buyer.phone].filter(Boolean).join(' · ') },
    ...(c.retainUntil ? [{ label: words.retainUntil, value: { strong: { date: c.retainUntil } } }] : []),
  ],
  record: (c) => [
    { kind: 'line', title: words.buyer, parts: [{ copy: buyerKindCopy[c.buyer.kind] }, c.buyer.name, c.buyer.phone, c.buyer.address] },
    ...qualificationBlocks(c),
    ...saleBlocks(c),
    ...(c.cancellation ? [{ kind: 'quote' as const, title: words.cancelled, text: c.cancellation.reason }] : []),
  ],
};

export const deviceSaleList: ListPage<DeviceSaleContext> = {
  path: '/sales',
  nav: trilingual('Device sales', '器械销售', '器械銷售'),
  heading: trilingual('Device sales in progress', '在办器械销售', '在辦器械銷售'),
  explain: trilingual('Qualify the buyer, then record every unit sold.', '先审核购货单位资质，再逐件建立销售记录。', '先審核購貨單位資質，再逐件建立銷售記錄。'),
  newCase: trilingual('New device sale', '新建器械销售', '新建器械銷售'),
  homeFor: [],
  groupBy: 'step',
  order: 'longestInState',
  columns: [
    { label: words.buyer, value: ({ context }) => context.buyer?.name },
    { label: trilingual('Kind', '类别', '類別'), value: ({ context }) => (context.buyer ? { copy: buyerKindCopy[context.buyer.kind] } : '') },
    { label: words.opened, value: ({ createdAt }) => ({ moment: createdAt }) },
  ],
};
