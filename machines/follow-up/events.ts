/**
 * The follow-up call's input and its events: per event its payload schema, who may send it and
 * its name in three languages. CONTRACT.md "Processes added in v2" (`follow-up`).
 */
import { z } from 'zod';
import { isoDateTime, longText, text, type EventDefinition, type StaffRole, type StampedEvent } from '../process.js';
import type { FollowUpContext } from './machine.js';

/** What the server opens it with, from the work order it follows up (never typed by staff). */
export const followUpInputSchema = z.strictObject({
  workOrderId: z.uuid(),
  workOrderNumber: text(50),
  customer: z.strictObject({ name: text(200), phone: text(50) }),
  vehicle: z.strictObject({ plate: text(50) }),
  handedOverAt: isoDateTime(),
});
export type FollowUpInput = z.infer<typeof followUpInputSchema>;

const advisor: readonly StaffRole[] = ['advisor', 'manager'];

/** Declares one event, keeping its payload type for the machine. */
const event = <P extends z.ZodObject>(definition: EventDefinition<P, FollowUpContext>) => definition;

export const followUpEvents = {
  'call.made': event({
    schema: z
      .strictObject({
        reached: z.boolean(),
        /** Asked only of a customer who was reached. */
        satisfied: z.boolean().optional(),
        notes: longText(),
      })
      .superRefine((call, ctx) => {
        if (call.reached && call.satisfied === undefined) {
          ctx.addIssue({ code: 'custom', path: ['satisfied'], message: 'say whether the customer is satisfied' });
        }
        if (!call.reached && call.satisfied !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['satisfied'], message: 'a customer who was not reached gave no answer' });
        }
      }),
    roles: advisor,
    label: { en: 'Call made', 'zh-Hans': '记录回访电话', 'zh-Hant': '記錄回訪電話' },
    example: () => ({ reached: true, satisfied: true, notes: 'All well; the brakes are quiet.' }),
  }),
  'follow-up.closed': event({
    schema: z.strictObject({ note: longText().optional() }),
    roles: advisor,
    label: { en: 'Follow-up closed', 'zh-Hans': '结束回访', 'zh-Hant': '結束回訪' },
    example: () => ({}),
  }),
};

type Payloads = { [K in keyof typeof followUpEvents]: z.infer<(typeof followUpEvents)[K]['schema']> };
export type FollowUpEvent = { [K in keyof Payloads]: StampedEvent<K, Payloads[K]> }[keyof Payloads];
export type EventOf<T extends FollowUpEvent['type']> = Extract<FollowUpEvent, { type: T }>;
