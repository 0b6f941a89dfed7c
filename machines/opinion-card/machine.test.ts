import { describe, expect, it } from 'vitest';
import { statusOf } from '../process.js';
import { eventRoles, handledEventTypes, openCase, staff } from '../testing.js';
import { complaintForPoorScore, indicatorsOf, keyIndicators, opinionCardProcess as definition, touchpoints, type Touchpoint } from './index.js';

const classification = { servedOn: '2026-11-20', salesperson: 'Huang Min', unitType: '3-bed 110 m²', garden: 'Lychee Garden', dealClosed: true, intent: 'strong' };
const cardAt = (touchpoint: string) => openCase(definition, { touchpoint, customer: { name: 'Liang Wei', phone: '137 1111 2222' }, classification });
const scoresFor = (touchpoint: string, score = 4) => indicatorsOf(touchpoint as Touchpoint).map((indicator: string) => ({ indicator, score }));

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
    const schema = definition.events['card.returned']!.schema;
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
    const before = { id: 'card-id', number: 'OC-000001', state: c.state, context: c.context };
    c.send('card.returned', { scores: [{ indicator: 'complaintHandling', score }, { indicator: 'responseSpeed', score: 5 }], comments: 'nobody called back' });
    const opened = complaintForPoorScore(before, { ...before, state: c.state, context: c.context }, { type: 'card.returned' });
    expect(opened).toEqual(
      opens
        ? [{ type: 'complaint', input: { channel: 'survey', customer: { name: 'Liang Wei', phone: '137 1111 2222' }, statement: 'nobody called back', severity: score === 1 ? 'high' : 'medium', cardId: 'card-id' } }]
        : [],
    );
  });

  it('is only on complaint-handling cards', () => {
    const c = cardAt('media');
    const before = { id: 'card-id', number: 'OC-000001', state: c.state, context: c.context };
    c.send('card.returned', { scores: scoresFor('media', 1) });
    expect(complaintForPoorScore(before, { ...before, state: c.state, context: c.context }, { type: 'card.returned' })).toEqual([]);
  });
});

describe('the opinion-card definition', () => {
  it('measures every touchpoint of the source with key indicators labelled in three languages', () => {
    expect(Object.keys(keyIndicators)).toEqual([...touchpoints]);
    for (const set of Object.values(keyIndicators)) {
      for (const label of Object.values(set) as object[]) expect(Object.keys(label).sort()).toEqual(['en', 'zh-Hans', 'zh-Hant']);
    }
  });

  it('lets advisors and managers record a returned card, and only managers review and file', () => {
    expect([...handledEventTypes(definition)].sort()).toEqual(Object.keys(definition.events).sort());
    expect(eventRoles(definition)).toEqual({ 'card.returned': ['advisor', 'manager'], 'card.reviewed': ['manager'], 'card.filed': ['manager'] });
  });
});
