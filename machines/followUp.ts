/**
 * The follow-up call after a handover (DOMAIN.md §5): due → called → closed. The server opens it
 * itself a few days after a work order's handover; an advisor calls the customer and records
 * whether they were reached and whether all is well. A dissatisfied answer becomes a complaint
 * linked to the work order (`opensAfter`). Pure: no I/O, no clock.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  guardsFrom,
  isoDateTime,
  longText,
  text,
  type Actor,
  type ProcessDefinition,
  type Role,
  type Rule,
  type StampedEvent,
  type StateMeta,
} from './process.js';

export const followUpInputSchema = z.strictObject({
  workOrderId: z.uuid(),
  workOrderNumber: text(50),
  customer: z.strictObject({ name: text(200), phone: text(50) }),
  vehicle: z.strictObject({ plate: text(50) }),
  handedOverAt: isoDateTime(),
});
export type FollowUpInput = z.infer<typeof followUpInputSchema>;

export const followUpEventSchemas = {
  'call.made': z
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
  'follow-up.closed': z.strictObject({ note: longText().optional() }),
} satisfies Record<string, z.ZodObject>;

type Payloads = { [K in keyof typeof followUpEventSchemas]: z.infer<(typeof followUpEventSchemas)[K]> };
export type FollowUpEvent = { [K in keyof Payloads]: StampedEvent<K, Payloads[K]> }[keyof Payloads];
type EventOf<T extends FollowUpEvent['type']> = Extract<FollowUpEvent, { type: T }>;

const advisor: readonly Role[] = ['advisor', 'manager'];
export const followUpEventRoles: Record<FollowUpEvent['type'], readonly Role[]> = {
  'call.made': advisor,
  'follow-up.closed': advisor,
};

export interface FollowUpCall {
  reached: boolean;
  satisfied: boolean | null;
  notes: string;
  at: string;
  by: Actor;
}

export interface FollowUpContext extends FollowUpInput {
  /** Every call, the unanswered ones too, oldest first. */
  calls: FollowUpCall[];
  closure: null | { note: string | null; at: string; by: Actor };
}

const rules = {
  customerWasReached: (({ event }) =>
    event.reached ? null : 'the customer was not reached: the call is recorded, and the follow-up stays due') as Rule<FollowUpContext, EventOf<'call.made'>>,
  customerWasCalled: (({ context }) =>
    context.calls.length > 0 ? null : 'call the customer at least once before closing the follow-up') as Rule<FollowUpContext, EventOf<'follow-up.closed'>>,
} satisfies Record<string, Rule<FollowUpContext, any>>;

const meta = (m: StateMeta) => m;
const DAY = 24 * 60;

const recordCall = assign<FollowUpContext, FollowUpEvent, undefined, FollowUpEvent, never>({
  calls: ({ context, event }) => {
    const e = event as EventOf<'call.made'>;
    return [...context.calls, { reached: e.reached, satisfied: e.satisfied ?? null, notes: e.notes, at: e.at, by: e.actor }];
  },
});

export const followUpMachine = setup({
  types: { context: {} as FollowUpContext, events: {} as FollowUpEvent, input: {} as FollowUpInput },
  guards: guardsFrom(rules as Record<keyof typeof rules, Rule<FollowUpContext, any>>),
  actions: {
    recordCall,
    recordClosure: assign({
      closure: ({ event }) => {
        const e = event as EventOf<'follow-up.closed'>;
        return { note: e.note ?? null, at: e.at, by: e.actor };
      },
    }),
  },
}).createMachine({
  id: 'followUp',
  context: ({ input }) => ({
    ...(input ?? { workOrderId: '', workOrderNumber: '', customer: { name: '', phone: '' }, vehicle: { plate: '' }, handedOverAt: '' }),
    calls: [],
    closure: null,
  }),
  initial: 'due',
  states: {
    due: {
      meta: meta({
        label: { en: 'Call due', zh: '待回訪' },
        guidance: {
          en: 'Call the customer: is the car running well, was every request resolved, are they satisfied with the service? Record what they say. If nobody answers, record the attempt and call again.',
          zh: '致電客戶:車輛使用是否正常、所提要求是否都已解決、對服務是否滿意?記錄客戶所說。無人接聽時記錄此次致電,稍後再撥。',
        },
        say: {
          en: 'Hello, this is … from the service desk. We serviced your car a few days ago: is everything all right?',
          zh: '您好,我是服務站的***。您的愛車前幾天在我們這裡保養,請問一切都好嗎?',
        },
        timeLimitMinutes: DAY,
      }),
      on: {
        'call.made': [
          { guard: 'customerWasReached', target: 'called', actions: 'recordCall' },
          { actions: 'recordCall' },
        ],
        'follow-up.closed': { guard: 'customerWasCalled', target: 'closed', actions: 'recordClosure' },
      },
    },
    called: {
      meta: meta({
        label: { en: 'Called', zh: '已回訪' },
        guidance: {
          en: 'The customer was reached. A dissatisfied customer\'s words were passed on as a complaint to QA; close the follow-up.',
          zh: '已聯系上客戶。客戶不滿意時,其意見已轉為投訴交質管員處理;結束回訪。',
        },
        timeLimitMinutes: DAY,
      }),
      on: { 'follow-up.closed': { target: 'closed', actions: 'recordClosure' } },
    },
    closed: {
      type: 'final',
      meta: meta({ label: { en: 'Closed', zh: '已結束' }, guidance: { en: 'The follow-up is on file.', zh: '回訪已存檔。' } }),
    },
  },
});

/** The complaint a dissatisfied answer opens, linked to the work order: in the customer's words. */
export function complaintsOpenedBy(after: FollowUpContext, event: { type: string }): Array<{ type: 'complaint'; input: Record<string, unknown> }> {
  if (event.type !== 'call.made') return [];
  const call = after.calls.at(-1);
  if (!call?.reached || call.satisfied !== false) return [];
  return [
    {
      type: 'complaint',
      input: {
        channel: 'phone',
        customer: { name: after.customer.name, phone: after.customer.phone },
        statement: call.notes,
        severity: 'medium',
        workOrderId: after.workOrderId,
      },
    },
  ];
}

export const followUpProcess: ProcessDefinition = {
  type: 'follow-up',
  definitionVersion: 1,
  numberPrefix: 'FU-',
  title: { en: 'Follow-up call', zh: '回訪' },
  machine: followUpMachine,
  inputSchema: followUpInputSchema,
  eventSchemas: followUpEventSchemas,
  eventRoles: followUpEventRoles,
  rules,
  searchFields: (ctx: FollowUpContext) => ({ plate: ctx.vehicle.plate, customerName: ctx.customer.name, customerPhone: ctx.customer.phone }),
  dueMoments: () => ({}),
};
