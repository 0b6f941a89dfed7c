/**
 * The complaint lifecycle (QA): received → investigated → corrected → answered → closed.
 * "Every matter accounted for, every case answered" (件件有交待,樁樁有答復): DOMAIN.md §2.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import {
  firstFailure,
  guardsFrom,
  isoDate,
  longText,
  text,
  type Actor,
  type ProcessDefinition,
  type Role,
  type Rule,
  type StampedEvent,
  type StateMeta,
} from './process.js';

export const channelSchema = z.enum(['phone', 'visit', 'letter', 'survey', 'meeting', 'web']);

export const complaintInputSchema = z.strictObject({
  channel: channelSchema,
  customer: z.strictObject({ name: text(200), phone: text(50).optional() }),
  statement: longText(),
  severity: z.enum(['low', 'medium', 'high']),
  workOrderId: z.uuid().optional(),
  product: z
    .strictObject({
      name: text(200),
      manufacturer: text(200).optional(),
      model: text(200).optional(),
      serialNumber: text(200).optional(),
      productionDate: isoDate().optional(),
    })
    .optional(),
});
export type ComplaintInput = z.infer<typeof complaintInputSchema>;

export const complaintEventSchemas = {
  'investigation.recorded': z.strictObject({
    findings: longText(),
    rootCause: longText().optional(),
    substantiated: z.boolean(),
  }),
  'correction.recorded': z.strictObject({
    actions: z.array(z.strictObject({ description: longText(), owner: text(200), dueDate: isoDate() })).max(100),
    verifiedBy: text(200),
  }),
  'answer.sent': z.strictObject({ channel: channelSchema, message: longText() }),
  'complaint.closed': z.strictObject({ customerResponse: longText(), satisfied: z.boolean() }),
  'complaint.reopened': z.strictObject({ reason: longText() }),
} satisfies Record<string, z.ZodObject>;

type Payloads = { [K in keyof typeof complaintEventSchemas]: z.infer<(typeof complaintEventSchemas)[K]> };
export type ComplaintEvent = { [K in keyof Payloads]: StampedEvent<K, Payloads[K]> }[keyof Payloads];
type EventOf<T extends ComplaintEvent['type']> = Extract<ComplaintEvent, { type: T }>;

const qa: readonly Role[] = ['qa', 'manager'];
export const complaintEventRoles: Record<ComplaintEvent['type'], readonly Role[]> = {
  'investigation.recorded': qa,
  'correction.recorded': qa,
  'answer.sent': qa,
  'complaint.closed': qa,
  'complaint.reopened': qa,
};

/** One pass from received to an answer; a reopened complaint starts a new round. */
export interface ComplaintRound {
  investigation: null | (Payloads['investigation.recorded'] & { at: string; by: Actor });
  correction: null | (Payloads['correction.recorded'] & { at: string; by: Actor });
  answer: null | (Payloads['answer.sent'] & { at: string; by: Actor });
  reopened: null | { reason: string; at: string; by: Actor };
}

export interface ComplaintContext extends ComplaintInput {
  /** The current round. */
  round: ComplaintRound;
  /** Earlier rounds, oldest first, each ended by a reopening. */
  history: ComplaintRound[];
  closure: null | {
    customerResponse: string;
    satisfied: boolean;
    /** A dissatisfied customer's complaint closed anyway: the manager's decision, on record. */
    closedOverDissatisfactionBy: Actor | null;
    at: string;
    by: Actor;
  };
}

const emptyRound = (): ComplaintRound => ({ investigation: null, correction: null, answer: null, reopened: null });

const rules = {
  correctionIsWarranted: firstFailure<ComplaintContext, EventOf<'correction.recorded'>>(
    ({ context }) =>
      context.round.investigation?.substantiated
        ? null
        : 'the investigation found the complaint not substantiated: answer the customer instead of recording a correction',
    ({ event }) => (event.actions.length > 0 ? null : 'record at least one corrective action: what, who, and by when'),
  ),
  complaintIsNotSubstantiated: (({ context }) =>
    context.round.investigation?.substantiated === false
      ? null
      : 'the complaint was found substantiated: record the corrective actions and who verified them before answering') as Rule<
    ComplaintContext,
    any
  >,
  customerIsSatisfiedOrManagerCloses: (({ event }) =>
    event.satisfied || event.actor.role === 'manager'
      ? null
      : 'the customer is not satisfied: reopen the complaint, or a manager may decide to close it anyway') as Rule<
    ComplaintContext,
    EventOf<'complaint.closed'>
  >,
} satisfies Record<string, Rule<ComplaintContext, any>>;

const meta = (m: StateMeta) => m;
const DAY = 24 * 60;

export const complaintMachine = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as ComplaintInput,
  },
  guards: guardsFrom(rules as Record<keyof typeof rules, Rule<ComplaintContext, any>>),
  actions: {
    recordInvestigation: assign({
      round: ({ context, event }) => {
        const { type, actor, at, ...payload } = event as EventOf<'investigation.recorded'>;
        return { ...context.round, investigation: { ...payload, at, by: actor } };
      },
    }),
    recordCorrection: assign({
      round: ({ context, event }) => {
        const { type, actor, at, ...payload } = event as EventOf<'correction.recorded'>;
        return { ...context.round, correction: { ...payload, at, by: actor } };
      },
    }),
    recordAnswer: assign({
      round: ({ context, event }) => {
        const { type, actor, at, ...payload } = event as EventOf<'answer.sent'>;
        return { ...context.round, answer: { ...payload, at, by: actor } };
      },
    }),
    recordClosure: assign({
      closure: ({ event }) => {
        const e = event as EventOf<'complaint.closed'>;
        return {
          customerResponse: e.customerResponse,
          satisfied: e.satisfied,
          closedOverDissatisfactionBy: e.satisfied ? null : e.actor,
          at: e.at,
          by: e.actor,
        };
      },
    }),
    startNewRound: assign(({ context, event }) => {
      const e = event as EventOf<'complaint.reopened'>;
      const ended = { ...context.round, reopened: { reason: e.reason, at: e.at, by: e.actor } };
      return { history: [...context.history, ended], round: emptyRound() };
    }),
  },
}).createMachine({
  id: 'complaint',
  context: ({ input }) => ({
    ...(input ?? { channel: 'phone', customer: { name: '' }, statement: '', severity: 'low' }),
    round: emptyRound(),
    history: [],
    closure: null,
  }),
  initial: 'received',
  states: {
    received: {
      meta: meta({
        label: { en: 'Received', zh: '已受理' },
        guidance: {
          en: 'The salesperson passes every quality complaint to the quality officer. Record what the customer said verbatim and trace the product or work order it concerns; then investigate.',
          zh: '業務員將顧客的質量查詢、投訴信息及時反饋給質管員。如實記錄顧客原話,追查相關產品或工單,然後展開調查。',
        },
        timeLimitMinutes: 2 * DAY,
      }),
      on: { 'investigation.recorded': { target: 'investigated', actions: 'recordInvestigation' } },
    },
    investigated: {
      meta: meta({
        label: { en: 'Investigated', zh: '已調查' },
        guidance: {
          en: 'A substantiated complaint needs corrective measures, agreed and carried out (what, who, by when) and verified. One found not substantiated is answered directly.',
          zh: '投訴屬實者須研究整改措施並落實(內容、負責人、期限)及驗證;經查不屬實者可直接答復顧客。',
        },
        timeLimitMinutes: 5 * DAY,
      }),
      on: {
        'correction.recorded': { guard: 'correctionIsWarranted', target: 'corrected', actions: 'recordCorrection' },
        'answer.sent': { guard: 'complaintIsNotSubstantiated', target: 'answered', actions: 'recordAnswer' },
      },
    },
    corrected: {
      meta: meta({
        label: { en: 'Corrected', zh: '已整改' },
        guidance: { en: 'The corrective actions are verified: answer the customer.', zh: '整改已驗證,答復顧客。' },
        timeLimitMinutes: 2 * DAY,
      }),
      on: { 'answer.sent': { target: 'answered', actions: 'recordAnswer' } },
    },
    answered: {
      meta: meta({
        label: { en: 'Answered', zh: '已答復' },
        guidance: {
          en: 'Record the customer\'s response. A dissatisfied customer\'s complaint is reopened, unless a manager decides to close it anyway.',
          zh: '記錄顧客的反饋。顧客不滿意的投訴應重新處理,除非經理決定結案。',
        },
        timeLimitMinutes: 7 * DAY,
      }),
      on: {
        'complaint.closed': { guard: 'customerIsSatisfiedOrManagerCloses', target: 'closed', actions: 'recordClosure' },
        'complaint.reopened': { target: 'received', actions: 'startNewRound' },
      },
    },
    closed: {
      type: 'final',
      meta: meta({
        label: { en: 'Closed', zh: '已結案' },
        guidance: { en: 'Every matter accounted for, every case answered; kept on file.', zh: '件件有交待,樁樁有答復;存檔備查。' },
      }),
    },
  },
});

export const complaintProcess: ProcessDefinition = {
  type: 'complaint',
  definitionVersion: 1,
  numberPrefix: 'CP-',
  title: { en: 'Complaint', zh: '客戶投訴' },
  machine: complaintMachine,
  inputSchema: complaintInputSchema,
  eventSchemas: complaintEventSchemas,
  eventRoles: complaintEventRoles,
  rules,
  searchFields: (ctx: ComplaintContext) => ({
    plate: null,
    customerName: ctx.customer.name,
    customerPhone: ctx.customer.phone ?? null,
  }),
  dueMoments: () => ({}),
};

