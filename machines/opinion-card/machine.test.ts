import { describe, expect, it } from 'vitest';
import { statusOf, type ProcessDefinition } from '../process.js';
import { handledEventTypes, openCase, staff } from '../testing.js';
import {
  indicatorsOf,
  keyIndicators,
  opinionCardEventRoles,
  opinionCardEventSchemas,
  opinionCardInputSchema,
  opinionCardMachine,
  opinionCardRules,
  poorComplaintHandling,
  touchpoints,
} from './machine.js';

const definition = {
  type: 'opinion-card',
  machine: opinionCardMachine,
  inputSchema: opinionCardInputSchema,
  eventSchemas: opinionCardEventSchemas,
  eventRoles: opinionCardEventRoles,
  rules: opinionCardRules,
} as unknown as ProcessDefinition;

const classification = { servedOn: '2026-11-20', salesperson: 'Huang Min', unitType: '3-bed 110 m²', garden: 'Lychee Garden', dealClosed: true, intent: 'strong' };
const cardAt = (touchpoint: string) => openCase(definition, { touchpoint, customer: { name: 'Liang Wei', phone: '137 1111 2222' }, classification });
const scoresFor = (touchpoint: string, score = 4) => indicatorsOf(touchpoint as never).map((indicator) => ({ indicator, score }));

describe('an opinion card', () => {
  it('is returned with a score on each key indicator, reviewed and filed by a manager', () => {
    const c = cardAt('signing');
    expect(c.send('card.returned', { scores: scoresFor('signing', 5), comments: 'clear and friendly' }).state).toBe('returned');
    expect(c.context.returned).toMatchObject({ scores: [{ indicator: 'signingFeeling', score: 5 }, { indicator: 'termsExplained', score: 5 }], by: staff('advisor') });
    expect(c.send('card.reviewed', { evaluation: 'good signing service' }).state).toBe('reviewed');
    expect(c.context.review).toMatchObject({ evaluation: 'good signing service', by: staff('manager') });
    expect(c.send('card.filed', { fileReference: 'OPN-2026-11' }).state).toBe('filed');
    expect(statusOf(c.snapshot)).toBe('done');
  });

  it('refuses a card with a key indicator left unscored, naming it', () => {
    const outcome = cardAt('firstVisit').send('card.returned', { scores: [{ indicator: 'firstImpression', score: 3 }] });
    expect(outcome).toMatchObject({ accepted: false, state: 'issued' });
    expect(outcome.reason).toBe('score every key indicator of the card; missing: reception');
  });

  it('refuses a score on an indicator of another touchpoint, or twice on one', () => {
    const c = cardAt('media');
    expect(c.send('card.returned', { scores: [...scoresFor('media'), { indicator: 'reception', score: 3 }] }).reason).toMatch(/"reception" is not a key indicator of a media card/);
    expect(c.send('card.returned', { scores: [...scoresFor('media'), { indicator: 'mediaImpression', score: 3 }] }).reason).toMatch(/scored twice/);
  });

  it('takes scores from 1 to 5 only', () => {
    const schema = opinionCardEventSchemas['card.returned'];
    expect(schema.safeParse({ scores: [{ indicator: 'reception', score: 0 }] }).success).toBe(false);
    expect(schema.safeParse({ scores: [{ indicator: 'reception', score: 6 }] }).success).toBe(false);
    expect(schema.safeParse({ scores: [{ indicator: 'reception', score: 2.5 }] }).success).toBe(false);
  });

  it('cannot be reviewed before it is returned, nor filed before it is reviewed', () => {
    const c = cardAt('handover');
    expect(c.send('card.reviewed', { evaluation: 'x' }).accepted).toBe(false);
    c.send('card.returned', { scores: scoresFor('handover') });
    expect(c.send('card.filed', {}).accepted).toBe(false);
  });
});

describe('a poor complaint-handling score', () => {
  it.each([[1, true], [2, true], [3, false], [5, false]])('with a score of %i opens a complaint: %s', (score, opens) => {
    const c = cardAt('complaintHandling');
    c.send('card.returned', { scores: [{ indicator: 'complaintHandling', score }, { indicator: 'responseSpeed', score: 5 }] });
    expect(poorComplaintHandling(c.context)).toBe(opens);
  });

  it('is only on complaint-handling cards', () => {
    const c = cardAt('media');
    c.send('card.returned', { scores: scoresFor('media', 1) });
    expect(poorComplaintHandling(c.context)).toBe(false);
  });
});

describe('the opinion-card definition', () => {
  it('measures every touchpoint of the source with key indicators labelled in three languages', () => {
    expect(Object.keys(keyIndicators)).toEqual([...touchpoints]);
    for (const set of Object.values(keyIndicators)) {
      for (const label of Object.values(set)) expect(Object.keys(label).sort()).toEqual(['en', 'zh-Hans', 'zh-Hant']);
    }
  });

  it('lets advisors and managers record a returned card, and only managers review and file', () => {
    expect([...handledEventTypes(definition)].sort()).toEqual(Object.keys(opinionCardEventSchemas).sort());
    expect(opinionCardEventRoles).toEqual({ 'card.returned': ['advisor', 'manager'], 'card.reviewed': ['manager'], 'card.filed': ['manager'] });
  });
});
