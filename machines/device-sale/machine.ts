/**
 * Medical-device sale (the source's first procedure, 4.1–4.5; DOMAIN.md §3):
 * qualifying → recording → done, or cancelled. The buyer is qualified before anything is sold
 * (a business's licence and device filing record or operating permit, a medical institution's
 * practice licence, or an individual who needs none); then the sales record is kept for every
 * unit, with its serial and lot, so that every unit sold can be found and recalled; the record is
 * kept until one year past the product's expiry or service life.
 */
import { assertEvent, assign, setup } from 'xstate';
import { firstFailure, guardsFrom, recordOf, type Actor, type Rule } from '../process.js';
import type { DeviceSaleEvent, DeviceSaleInput, DeviceSalePayload, EventOf, Licence, SoldUnitInput } from './events.js';

// ── The case record ─────────────────────────────────────────────────────────────────────────

export interface SoldUnit extends SoldUnitInput {
  /** The last day this unit's record must be kept. */
  retainUntil: string;
}

export interface DeviceSaleContext extends DeviceSaleInput {
  qualification: null | (DeviceSalePayload<'buyer.qualified'> & { at: string; by: Actor });
  sale: null | (Omit<DeviceSalePayload<'sale.recorded'>, 'units'> & { units: SoldUnit[]; at: string; by: Actor });
  /** The last day the whole sales record must be kept: the latest of its units'. */
  retainUntil: string | null;
  cancellation: null | { reason: string; at: string; by: Actor };
}

// ── Dates (pure, on YYYY-MM-DD strings) ─────────────────────────────────────────────────────

/** The same calendar day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 4.3: kept until at least one year after the expiry date or the end of the service life. */
export function unitRetainUntil(unit: SoldUnitInput): string {
  const end = unit.expiryDate ?? addYears(unit.productionDate, unit.serviceLifeYears ?? 0);
  return addYears(end, 1);
}

const dayOf = (at: string) => at.slice(0, 10);
const unitName = (u: SoldUnitInput, i: number) =>
  `unit ${i + 1} (${u.product} ${u.model}${u.serialNumber ? `, serial ${u.serialNumber}` : u.lot ? `, lot ${u.lot}` : ''})`;

// ── Rules ───────────────────────────────────────────────────────────────────────────────────

const licenceLabel: Record<Licence['kind'], string> = {
  businessLicence: 'business licence',
  deviceFilingRecord: 'device business filing record',
  deviceOperatingPermit: 'device operating permit',
  practiceLicence: 'practice licence',
};

const rules = {
  buyerIsQualified: firstFailure<DeviceSaleContext, EventOf<'buyer.qualified'>>(
    ({ context, event }) => {
      const kinds = new Set(event.licences.map((l) => l.kind));
      switch (context.buyer.kind) {
        case 'individual':
          return null;
        case 'medicalInstitution':
          return kinds.has('practiceLicence')
            ? null
            : 'a medical institution may be sold to only on its practice licence: record the licence';
        case 'business':
          if (!kinds.has('businessLicence')) return 'a business may be sold to only on its business licence: record the licence';
          return kinds.has('deviceFilingRecord') || kinds.has('deviceOperatingPermit')
            ? null
            : 'a business also needs a valid device business filing record or device operating permit: record one';
      }
    },
    ({ event }) => {
      const expired = event.licences.find((l) => l.expiresOn < dayOf(event.at));
      return expired
        ? `the ${licenceLabel[expired.kind]} No. ${expired.number} expired on ${expired.expiresOn}: a buyer with an expired licence cannot be sold to`
        : null;
    },
  ),
  saleRecordIsComplete: firstFailure<DeviceSaleContext, EventOf<'sale.recorded'>>(
    ({ event }) => (event.units.length > 0 ? null : 'the sales record needs at least one unit'),
    ({ event }) => (event.saleDate <= dayOf(event.at) ? null : `the sale date ${event.saleDate} is in the future`),
    ({ event }) => {
      const serials = new Set<string>();
      for (const [i, unit] of event.units.entries()) {
        const name = unitName(unit, i);
        if (!unit.serialNumber && !unit.lot) return `${name} needs its serial number or its lot, so that it can be traced`;
        if (unit.serialNumber && unit.quantity !== 1) return `${name} has a serial number, so its quantity is 1: list each serial on its own line`;
        if (unit.serialNumber) {
          if (serials.has(unit.serialNumber)) return `the serial number ${unit.serialNumber} is listed twice`;
          serials.add(unit.serialNumber);
        }
        if (unit.productionDate > event.saleDate) return `${name} was produced after the sale date`;
        if (!unit.expiryDate && !unit.serviceLifeYears) {
          return `${name} needs its expiry date or its service life: the record is kept until a year after it`;
        }
        if (unit.expiryDate && unit.expiryDate < event.saleDate) return `${name} expired on ${unit.expiryDate}: it may not be sold`;
      }
      return null;
    },
    ({ context, event }) => {
      const special = event.units.findIndex((u) => u.speciallyManaged);
      if (special < 0 || context.qualification?.specialManagementCheck) return null;
      return `${unitName(event.units[special]!, special)} is a specially managed product: the buyer's qualification must record the special-management check`;
    },
  ),
} satisfies Record<string, Rule<DeviceSaleContext, any>>;

// ── Metadata ────────────────────────────────────────────────────────────────────────────────

const DAY = 24 * 60;

export const deviceSaleStates = {
  qualifying: {
    label: { en: 'Qualifying the buyer', 'zh-Hans': '审核购货单位资质', 'zh-Hant': '審核購貨單位資質' },
    guidance: {
      en: 'Sell only to a qualified buyer: a business shows its business licence and a valid device business filing record or operating permit; a medical institution its practice licence. Record each licence\'s kind, number, holder and expiry. An individual buyer needs none. Specially managed products need their own check under the national rules.',
      'zh-Hans': '医疗器械只销售给具有《营业执照》及有效的《医疗器械经营企业备案表》或《医疗器械经营企业许可证》的经营单位，或具有执业许可证的医疗机构；记录证照种类、编号、持有人和有效期。销售对象为个人的除外。销售特殊管理产品应严格按照国家有关规定执行。',
      'zh-Hant': '醫療器械只銷售給具有《營業執照》及有效的《醫療器械經營企業備案表》或《醫療器械經營企業許可證》的經營單位，或具有執業許可證的醫療機構；記錄證照種類、編號、持有人和有效期。銷售對象為個人的除外。銷售特殊管理產品應嚴格按照國家有關規定執行。',
    },
    timeLimitMinutes: 2 * DAY,
  },
  recording: {
    label: { en: 'Recording the sale', 'zh-Hans': '建立销售记录', 'zh-Hant': '建立銷售記錄' },
    guidance: {
      en: 'Issue a proper invoice and enter the contract. Record every unit: product name, manufacturer, spec/model, production date, serial number or lot, sale date, quantity and the handler, so that every unit sold can be traced and recalled. Describe the device truthfully; never overstate what it does.',
      'zh-Hans': '开具合法票据，及时将销售合同输入电脑，做到票、账、货相符。逐件记录：产品名称、生产单位、规格型号、生产日期、出厂编号或批号、销售日期、销售数量、经办人，必要时能据此追查并追回全部售出产品。正确介绍医疗器械用途，不得虚假夸大。',
      'zh-Hant': '開具合法票據，及時將銷售合同輸入電腦，做到票、帳、貨相符。逐件記錄：產品名稱、生產單位、規格型號、生產日期、出廠編號或批號、銷售日期、銷售數量、經辦人，必要時能據此追查並追回全部售出產品。正確介紹醫療器械用途，不得虛假誇大。',
    },
    timeLimitMinutes: DAY,
  },
  done: {
    label: { en: 'Recorded', 'zh-Hans': '已记录', 'zh-Hant': '已記錄' },
    guidance: {
      en: 'The sales record is kept until at least a year after the product\'s expiry or service life, and never deleted before.',
      'zh-Hans': '销售记录保存至产品有效期或使用期限过后一年以上，期满前不得删除。',
      'zh-Hant': '銷售記錄保存至產品有效期或使用期限過後一年以上，期滿前不得刪除。',
    },
  },
  cancelled: {
    label: { en: 'Cancelled', 'zh-Hans': '已取消', 'zh-Hant': '已取消' },
    guidance: { en: 'The sale was cancelled before it was recorded.', 'zh-Hans': '销售在记录前已取消。', 'zh-Hant': '銷售在記錄前已取消。' },
  },
} as const;

// ── The machine ─────────────────────────────────────────────────────────────────────────────

const cancel = { target: 'cancelled', actions: 'recordCancellation' } as const;

export const deviceSaleMachine = setup({
  types: {
    context: {} as DeviceSaleContext,
    events: {} as DeviceSaleEvent,
    input: {} as DeviceSaleInput,
  },
  guards: guardsFrom(rules as Record<keyof typeof rules, Rule<DeviceSaleContext, any>>),
  actions: {
    recordQualification: assign({
      qualification: ({ event }) => {
        assertEvent(event, 'buyer.qualified');
        return recordOf(event);
      },
    }),
    recordSale: assign(({ event }) => {
      assertEvent(event, 'sale.recorded');
      const { type, actor, at, units, ...payload } = event;
      const kept = units.map((unit) => ({ ...unit, retainUntil: unitRetainUntil(unit) }));
      return {
        sale: { ...payload, units: kept, at, by: actor },
        retainUntil: kept.map((u) => u.retainUntil).sort().at(-1)!,
      };
    }),
    recordCancellation: assign({
      cancellation: ({ event }) => {
        assertEvent(event, 'sale.cancelled');
        return { reason: event.reason, at: event.at, by: event.actor };
      },
    }),
  },
}).createMachine({
  id: 'deviceSale',
  context: ({ input }) => ({
    buyer: input?.buyer ?? { kind: 'individual', name: '' },
    qualification: null,
    sale: null,
    retainUntil: null,
    cancellation: null,
  }),
  initial: 'qualifying',
  states: {
    qualifying: {
      meta: deviceSaleStates.qualifying,
      on: {
        'buyer.qualified': { guard: 'buyerIsQualified', target: 'recording', actions: 'recordQualification' },
        'sale.cancelled': cancel,
      },
    },
    recording: {
      meta: deviceSaleStates.recording,
      on: {
        'sale.recorded': { guard: 'saleRecordIsComplete', target: 'done', actions: 'recordSale' },
        'sale.cancelled': cancel,
      },
    },
    done: { type: 'final', meta: deviceSaleStates.done },
    cancelled: { type: 'final', meta: deviceSaleStates.cancelled },
  },
});

export { rules as deviceSaleRules };
