/** Demo opinion cards for a newcomer's first start: cards at every step and a spread of scores for the board. */
import type { DemoCase } from '../process.js';
import { indicatorsOf, type Touchpoint } from './events.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const classification = (now: Date, daysAgo: number, salesperson: string, dealClosed: boolean) => ({
  servedOn: isoDay(new Date(now.getTime() - daysAgo * DAY)),
  salesperson,
  unitType: '3-bed 110 m²',
  garden: 'Lychee Garden',
  dealClosed,
  intent: dealClosed ? 'strong' : 'considering',
});

const scores = (touchpoint: Touchpoint, score: number) => indicatorsOf(touchpoint).map((indicator) => ({ indicator, score }));

export function opinionCardDemo(now: Date): DemoCase[] {
  const card = (touchpoint: Touchpoint, name: string, daysAgo: number, steps: Array<'returned' | 'reviewed' | 'filed'>, score = 4, comments?: string): DemoCase => ({
    openedAgoMs: daysAgo * DAY,
    openedBy: 'advisor',
    input: { touchpoint, customer: { name, phone: `137${String(daysAgo * 7919).padStart(8, '0').slice(-8)}` }, classification: classification(now, daysAgo, 'Huang Min', touchpoint !== 'media') },
    events: [
      ...(steps.includes('returned')
        ? [{ agoMs: daysAgo * DAY - 2 * HOUR, role: 'advisor' as const, event: { type: 'card.returned', scores: scores(touchpoint, score), ...(comments ? { comments } : {}) } }]
        : []),
      ...(steps.includes('reviewed') ? [{ agoMs: daysAgo * DAY - 5 * HOUR, role: 'manager' as const, event: { type: 'card.reviewed', evaluation: 'Discussed at the weekly service meeting.' } }] : []),
      ...(steps.includes('filed') ? [{ agoMs: daysAgo * DAY - 6 * HOUR, role: 'manager' as const, event: { type: 'card.filed', fileReference: 'OPN-2026-11' } }] : []),
    ],
  });
  return [
    card('media', 'Liang Wei', 1, []),
    card('firstVisit', 'Su Fang', 2, ['returned'], 5, 'Tea was offered at once; the model flat was spotless.'),
    card('signing', 'Xu Tao', 6, ['returned', 'reviewed'], 4),
    card('purchaseDecision', 'Ma Lin', 9, ['returned', 'reviewed', 'filed'], 3),
    card('complaintHandling', 'Yang Bo', 3, ['returned'], 2, 'Nobody called me back about the leaking window for two weeks.'),
  ];
}
