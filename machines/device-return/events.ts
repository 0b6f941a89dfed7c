/**
 * The device return's input and its events: per event its payload schema, who may send it, its
 * name in three languages. CONTRACT.md "Processes added in v2"; the source, 4.6.
 */
import { z } from 'zod';
import { isoDate, longText, text, type EventDefinition, type StampedEvent } from '../process.js';
import type { DeviceReturnContext } from './machine.js';

export const returnReasons = ['qualityProblem', 'wrongItem', 'damagedInTransit', 'notNeeded', 'nearExpiry', 'other'] as const;
export const dispositions = ['restock', 'repair', 'scrap', 'returnToMaker'] as const;

export const deviceReturnInputSchema = z
  .strictObject({
    returningParty: z.strictObject({ name: text(200), phone: text(50).optional() }),
    returnedOn: isoDate(),
    product: z.strictObject({
      name: text(200),
      /** The manufacturer or the supplier (生產單位/供貨單位). */
      manufacturer: text(200),
      model: text(200),
      productionDate: isoDate().optional(),
    }),
    serialNumber: text(100).optional(),
    lot: text(100).optional(),
    quantity: z.number().int().min(1).max(1_000_000),
    reason: z.strictObject({ kind: z.enum(returnReasons), description: longText() }),
    /** The recorded sale the units came from, when known. */
    saleId: z.uuid().optional(),
  })
  .refine((input) => input.serialNumber !== undefined || input.lot !== undefined, {
    message: 'give the serial number or the lot of what is returned, so that it can be traced',
    path: ['serialNumber'],
  });
export type DeviceReturnInput = z.infer<typeof deviceReturnInputSchema>;

/** Declares one event, keeping its payload type for the machine. */
const event = <P extends z.ZodObject>(definition: EventDefinition<P, DeviceReturnContext>) => definition;

export const deviceReturnEvents = {
  'return.inspected': event({
    schema: z.strictObject({
      findings: longText(),
      /** Whether the returned units meet their specification. */
      conforming: z.boolean(),
    }),
    roles: ['qa'],
    label: { en: 'Return inspected', 'zh-Hans': '退货检验', 'zh-Hant': '退貨檢驗' },
    example: () => ({ findings: 'The sensor reads 10 % low against the reference.', conforming: false }),
  }),
  'return.dispositioned': event({
    schema: z.strictObject({ disposition: z.enum(dispositions), note: longText().optional() }),
    roles: ['qa'],
    label: { en: 'Disposition decided', 'zh-Hans': '退货处理', 'zh-Hant': '退貨處理' },
    example: (ctx): Record<string, unknown> => (ctx.inspection?.conforming ? { disposition: 'restock' } : { disposition: 'returnToMaker', note: 'RMA 7781' }),
  }),
  'return.closed': event({
    schema: z.strictObject({ note: longText().optional() }),
    roles: ['qa', 'manager'],
    label: { en: 'Return closed', 'zh-Hans': '关闭退货记录', 'zh-Hant': '關閉退貨記錄' },
    example: () => ({ note: 'The maker confirmed receipt.' }),
  }),
};

type Payloads = { [K in keyof typeof deviceReturnEvents]: z.infer<(typeof deviceReturnEvents)[K]['schema']> };
export type DeviceReturnPayload<T extends keyof Payloads> = Payloads[T];
export type DeviceReturnEvent = { [K in keyof Payloads]: StampedEvent<K, Payloads[K]> }[keyof Payloads];
