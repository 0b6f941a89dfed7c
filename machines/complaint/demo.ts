/** Demo complaints for a newcomer's first start: new, overdue, corrected and answered ones. */
import type { DemoCase } from '../process.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function complaintDemo(now: Date): DemoCase[] {
  return [
    {
      openedAgoMs: 2 * DAY + 22 * HOUR,
      openedBy: 'qa',
      input: { channel: 'phone', customer: { name: 'Guo Qiang', phone: '13900139001' }, severity: 'high', statement: 'The brakes still squeak a week after the repair.' },
      events: [],
    },
    {
      openedAgoMs: 3 * HOUR,
      openedBy: 'qa',
      input: { channel: 'web', customer: { name: 'He Ping' }, severity: 'low', statement: 'Nobody offered me tea while I waited.' },
      events: [],
    },
    {
      openedAgoMs: 4 * DAY,
      openedBy: 'qa',
      input: { channel: 'letter', customer: { name: 'Deng Hui', phone: '13900139003' }, severity: 'medium', statement: 'I was charged for oil I did not ask for.' },
      events: [
        {
          agoMs: 3 * DAY + 20 * HOUR,
          role: 'qa',
          event: { type: 'investigation.recorded', findings: 'Invoice listed oil that was not used.', rootCause: 'The estimate was not revised after the customer dropped the oil change.', substantiated: true },
        },
        {
          agoMs: 3 * DAY,
          role: 'qa',
          event: {
            type: 'correction.recorded',
            actions: [{ description: 'Refund the oil and re-train on revisions', owner: 'Service manager', dueDate: isoDay(new Date(now.getTime() + 7 * DAY)) }],
            verifiedBy: 'Demo QA',
          },
        },
      ],
    },
    {
      openedAgoMs: 2 * DAY,
      openedBy: 'qa',
      input: { channel: 'visit', customer: { name: 'Feng Yu' }, severity: 'low', statement: 'The car came back dirty.' },
      events: [
        { agoMs: DAY + 20 * HOUR, role: 'qa', event: { type: 'investigation.recorded', findings: 'The car was washed as agreed; the spot is tree sap.', substantiated: false } },
        { agoMs: DAY, role: 'qa', event: { type: 'answer.sent', channel: 'phone', message: 'Explained the sap and offered a free wash.' } },
      ],
    },
  ];
}
