/**
 * The complaint's input and its events: per event its payload schema, who may send it, its name
 * in three languages and its form's starting values. CONTRACT.md "Complaint input and events".
 */
import { z } from 'zod';
import { isoDate, longText, text, type EventDefinition, type StaffRole, type PayloadsOf, type StampedEventsOf } from '../process.js';
import type { ComplaintContext } from './machine.js';

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

const qa: readonly StaffRole[] = ['qa', 'manager'];
const DAY = 24 * 3600_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Declares one event, keeping its payload type for the machine. */
const event = <P extends z.ZodObject>(definition: EventDefinition<P, ComplaintContext>) => definition;

export const complaintEvents = {
  'investigation.recorded': event({
    schema: z.strictObject({ findings: longText(), rootCause: longText().optional(), substantiated: z.boolean() }),
    roles: qa,
    label: { en: 'Investigation recorded', 'zh-Hans': '记录调查结果', 'zh-Hant': '記錄調查結果' },
    example: () => ({ findings: 'The pads were fitted without grease.', rootCause: 'A step was skipped.', substantiated: true }),
  }),
  'correction.recorded': event({
    schema: z.strictObject({
      actions: z.array(z.strictObject({ description: longText(), owner: text(200), dueDate: isoDate() })).max(100),
      verifiedBy: text(200),
    }),
    roles: qa,
    label: { en: 'Correction recorded', 'zh-Hans': '记录整改', 'zh-Hant': '記錄整改' },
    example: (_, { now }) => ({
      actions: [{ description: 'Re-fit the pads and re-train the team', owner: 'Workshop lead', dueDate: isoDay(new Date(now.getTime() + 7 * DAY)) }],
      verifiedBy: 'Quality officer',
    }),
    formDefaults: (_, { actor, now }) => ({
      actions: [{ description: '', owner: '', dueDate: isoDay(new Date(now.getTime() + 7 * DAY)) }],
      verifiedBy: actor.name,
    }),
  }),
  'answer.sent': event({
    schema: z.strictObject({ channel: channelSchema, message: longText() }),
    roles: qa,
    label: { en: 'Answer sent', 'zh-Hans': '答复客户', 'zh-Hant': '答復客戶' },
    example: () => ({ channel: 'phone', message: 'We re-fitted the pads at no charge and changed how we fit them.' }),
  }),
  'complaint.closed': event({
    schema: z.strictObject({ customerResponse: longText(), satisfied: z.boolean() }),
    roles: qa,
    label: { en: 'Complaint closed', 'zh-Hans': '结案', 'zh-Hant': '結案' },
    example: () => ({ customerResponse: 'Quiet now, thank you.', satisfied: true }),
  }),
  'complaint.reopened': event({
    schema: z.strictObject({ reason: longText() }),
    roles: qa,
    label: { en: 'Complaint reopened', 'zh-Hans': '重新处理', 'zh-Hant': '重新處理' },
    example: () => ({ reason: 'The noise came back.' }),
    turnsAway: true,
  }),
};

export type ComplaintPayload<T extends keyof typeof complaintEvents> = PayloadsOf<typeof complaintEvents>[T];
export type ComplaintEvent = StampedEventsOf<typeof complaintEvents>;
export type EventOf<T extends ComplaintEvent['type']> = Extract<ComplaintEvent, { type: T }>;
