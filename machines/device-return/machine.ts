/**
 * Medical-device return (the source's first procedure, 4.6; DOMAIN.md §3):
 * received → inspected → dispositioned → closed. The return record names the product,
 * manufacturer or supplier, spec/model, serial number or lot, production date, the returning
 * party, the date, the quantity and the reason; QA inspects it and decides what is done with it
 * (the outcome the source asks for), then closes it.
 */
import { assertEvent, assign, setup } from 'xstate';
import { guardsFrom, recordOf, type Actor, type CaseFacts, type CaseToOpen, type Rule, type StampedEvent } from '../process.js';
import type { DeviceReturnEvent, DeviceReturnInput, DeviceReturnPayload } from './events.js';

export interface DeviceReturnContext extends DeviceReturnInput {
  inspection: null | (DeviceReturnPayload<'return.inspected'> & { at: string; by: Actor });
  disposition: null | (DeviceReturnPayload<'return.dispositioned'> & { at: string; by: Actor });
  closure: null | { note?: string; at: string; by: Actor };
}

const rules = {
  onlyConformingUnitsGoBackToStock: (({ context, event }) =>
    event.disposition !== 'restock' || context.inspection?.conforming
      ? null
      : 'the inspection found the units nonconforming: they cannot go back into stock; repair, scrap or return them to the maker') as Rule<
    DeviceReturnContext,
    StampedEvent<'return.dispositioned', DeviceReturnPayload<'return.dispositioned'>>
  >,
} satisfies Record<string, Rule<DeviceReturnContext, any>>;

const DAY = 24 * 60;

export const deviceReturnStates = {
  received: {
    label: { en: 'Received', 'zh-Hans': '已收货', 'zh-Hant': '已收貨' },
    guidance: {
      en: 'Record the return: product, manufacturer or supplier, spec/model, serial number or lot, production date, who returned it, when, how many and why. A quality problem goes to QA at once and becomes a complaint.',
      'zh-Hans': '建立退货记录：产品名称、生产单位（供货单位）、规格型号、出厂编号或批号、生产日期、退货单位、退货日期、退货数量、退货原因。质量问题立即反馈质管员并作为投诉处理。',
      'zh-Hant': '建立退貨記錄：產品名稱、生產單位（供貨單位）、規格型號、出廠編號或批號、生產日期、退貨單位、退貨日期、退貨數量、退貨原因。質量問題立即反饋質管員並作為投訴處理。',
    },
    timeLimitMinutes: DAY,
  },
  inspected: {
    label: { en: 'Inspected', 'zh-Hans': '已检验', 'zh-Hant': '已檢驗' },
    guidance: {
      en: 'Decide what is done with the returned units: back into stock (only if they conform), repair, scrap, or return to the maker.',
      'zh-Hans': '决定退货的处理：合格的可退回库存，否则维修、报废或退回生产厂家。',
      'zh-Hant': '決定退貨的處理：合格的可退回庫存，否則維修、報廢或退回生產廠家。',
    },
    timeLimitMinutes: 2 * DAY,
  },
  dispositioned: {
    label: { en: 'Dispositioned', 'zh-Hans': '已处理', 'zh-Hant': '已處理' },
    guidance: {
      en: 'Check that the disposition was carried out, then close the return record.',
      'zh-Hans': '确认处理结果已落实，然后关闭退货记录。',
      'zh-Hant': '確認處理結果已落實，然後關閉退貨記錄。',
    },
    timeLimitMinutes: 5 * DAY,
  },
  closed: {
    label: { en: 'Closed', 'zh-Hans': '已关闭', 'zh-Hant': '已關閉' },
    guidance: { en: 'The return record is complete and kept on file.', 'zh-Hans': '退货记录完整并存档。', 'zh-Hant': '退貨記錄完整並存檔。' },
  },
} as const;

export const deviceReturnMachine = setup({
  types: {
    context: {} as DeviceReturnContext,
    events: {} as DeviceReturnEvent,
    input: {} as DeviceReturnInput,
  },
  guards: guardsFrom(rules as Record<keyof typeof rules, Rule<DeviceReturnContext, any>>),
  actions: {
    recordInspection: assign({
      inspection: ({ event }) => {
        assertEvent(event, 'return.inspected');
        return { findings: event.findings, conforming: event.conforming, at: event.at, by: event.actor };
      },
    }),
    recordDisposition: assign({
      disposition: ({ event }) => {
        assertEvent(event, 'return.dispositioned');
        return recordOf(event);
      },
    }),
    recordClosure: assign({
      closure: ({ event }) => {
        assertEvent(event, 'return.closed');
        return { ...(event.note ? { note: event.note } : {}), at: event.at, by: event.actor };
      },
    }),
  },
}).createMachine({
  id: 'deviceReturn',
  context: ({ input }) => ({
    ...(input ?? {
      returningParty: { name: '' },
      returnedOn: '1970-01-01',
      product: { name: '', manufacturer: '', model: '' },
      quantity: 1,
      reason: { kind: 'other', description: '' },
    }),
    inspection: null,
    disposition: null,
    closure: null,
  }),
  initial: 'received',
  states: {
    received: {
      meta: deviceReturnStates.received,
      on: { 'return.inspected': { target: 'inspected', actions: 'recordInspection' } },
    },
    inspected: {
      meta: deviceReturnStates.inspected,
      on: { 'return.dispositioned': { guard: 'onlyConformingUnitsGoBackToStock', target: 'dispositioned', actions: 'recordDisposition' } },
    },
    dispositioned: {
      meta: deviceReturnStates.dispositioned,
      on: { 'return.closed': { target: 'closed', actions: 'recordClosure' } },
    },
    closed: { type: 'final', meta: deviceReturnStates.closed },
  },
});

/**
 * A return whose reason is a quality problem goes to QA at once and becomes a complaint (4.7,
 * 4.10), linked back to the return (and to the sale, when the return names one).
 */
export function complaintForReturn(opened: CaseFacts<DeviceReturnContext>): CaseToOpen[] {
  const context = opened.context;
  if (context.reason.kind !== 'qualityProblem') return [];
  const { product, returningParty } = context;
  return [
    {
      type: 'complaint',
      input: {
        channel: 'visit',
        customer: { name: returningParty.name, ...(returningParty.phone ? { phone: returningParty.phone } : {}) },
        statement: context.reason.description,
        severity: 'medium',
        returnId: opened.id,
        ...(context.saleId ? { saleId: context.saleId } : {}),
        product: {
          name: product.name,
          manufacturer: product.manufacturer,
          model: product.model,
          ...(context.serialNumber ? { serialNumber: context.serialNumber } : {}),
          ...(context.lot ? { lot: context.lot } : {}),
          ...(product.productionDate ? { productionDate: product.productionDate } : {}),
        },
      },
    },
  ];
}

export { rules as deviceReturnRules };
