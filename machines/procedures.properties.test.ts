/**
 * Property-based tests of the source's other procedures: random runs, events drawn from each
 * process's whole vocabulary with valid and invalid payloads and any staff role, passed through
 * the engine's own `applyEvent`. The rules of the business hold after every event, whoever sent it.
 */
import fc from 'fast-check';
import type { AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { applyEvent, startCase } from './apply.js';
import { deviceReturnProcess } from './device-return/index.js';
import { deviceSaleProcess, unitRetainUntil, type DeviceSaleContext } from './device-sale/index.js';
import { opinionCardProcess, complaintForPoorScore, type OpinionCardContext } from './opinion-card/index.js';
import { roles, statePath, type ProcessDefinition } from './process.js';
import { MINUTE, staff, T0 } from './testing.js';

type Payload = Record<string, unknown>;

/** Runs `steps` (type, payload, role) from `input`, calling `check` after each accepted event with the snapshots before and after. */
function run(definition: ProcessDefinition, input: unknown, steps: Array<{ type: string; payload: Payload; role: (typeof roles)[number] }>, check: (before: AnyMachineSnapshot, after: AnyMachineSnapshot, type: string) => void) {
  const started = startCase(definition, input);
  if (!started.ok) throw new Error(started.refusal.message);
  let snapshot = started.value.snapshot;
  steps.forEach(({ type, payload, role }, i) => {
    const applied = applyEvent(definition, snapshot, { ...payload, type }, staff(role), new Date(T0 + i * MINUTE));
    if (!applied.ok) {
      expect(applied.refusal.message, `${type} refused without a reason`).toMatch(/\S/);
      return;
    }
    check(snapshot, applied.value.snapshot, type);
    snapshot = applied.value.snapshot;
  });
}

const roleArb = fc.constantFrom(...roles);
const dateArb = fc.constantFrom('2019-01-01', '2026-01-01', '2026-11-25', '2026-11-26', '2026-12-31', '2030-06-30');

// ── Device sale ─────────────────────────────────────────────────────────────────────────────

const licenceArb = fc.record({
  kind: fc.constantFrom('businessLicence', 'deviceFilingRecord', 'deviceOperatingPermit', 'practiceLicence'),
  number: fc.constantFrom('L-1', 'L-2'),
  holder: fc.constant('Buyer'),
  expiresOn: dateArb,
});
const unitArb = fc
  .record({
    product: fc.constant('Pump'),
    manufacturer: fc.constant('Maker'),
    model: fc.constantFrom('P-1', 'P-2'),
    productionDate: dateArb,
    serialNumber: fc.option(fc.constantFrom('S-1', 'S-2'), { nil: undefined }),
    lot: fc.option(fc.constantFrom('LOT-1', 'LOT-2'), { nil: undefined }),
    quantity: fc.constantFrom(1, 1, 5),
    expiryDate: fc.option(dateArb, { nil: undefined }),
    serviceLifeYears: fc.option(fc.constantFrom(1, 5), { nil: undefined }),
    speciallyManaged: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((u) => Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined)));
const saleStepArb = fc.record({
  type: fc.constantFrom('buyer.qualified', 'sale.recorded', 'sale.cancelled'),
  role: roleArb,
  licences: fc.array(licenceArb, { maxLength: 3 }),
  special: fc.boolean(),
  units: fc.array(unitArb, { maxLength: 3 }),
  saleDate: dateArb,
}).map(({ type, role, licences, special, units, saleDate }) => ({
  type,
  role,
  payload:
    type === 'buyer.qualified'
      ? { licences, ...(special ? { specialManagementCheck: { basis: 'rules', checkedBy: 'QA' } } : {}) }
      : type === 'sale.recorded'
        ? { saleDate, handler: 'H', invoiceNumber: 'I', contractNumber: 'C', units }
        : { reason: 'withdrawn' },
}));

describe('device sale, property-based', () => {
  it('records a sale only for a buyer qualified on unexpired licences, every unit traceable and kept a year past its end', () => {
    fc.assert(
      fc.property(fc.constantFrom('business', 'medicalInstitution', 'individual'), fc.array(saleStepArb, { maxLength: 8 }), (kind, steps) => {
        run(deviceSaleProcess, { buyer: { kind, name: 'Buyer' } }, steps, (before, after, type) => {
          const ctx = after.context as DeviceSaleContext;
          const at = new Date(T0).toISOString().slice(0, 10);
          if (type === 'buyer.qualified') {
            expect(ctx.qualification!.licences.every((l) => l.expiresOn >= at)).toBe(true);
            const kinds = new Set(ctx.qualification!.licences.map((l) => l.kind));
            if (kind === 'business') expect(kinds.has('businessLicence') && (kinds.has('deviceFilingRecord') || kinds.has('deviceOperatingPermit'))).toBe(true);
            if (kind === 'medicalInstitution') expect(kinds.has('practiceLicence')).toBe(true);
          }
          if (type === 'sale.recorded') {
            expect(statePath(before)).toBe('recording');
            expect(ctx.sale!.units.length).toBeGreaterThan(0);
            for (const unit of ctx.sale!.units) {
              expect(unit.serialNumber ?? unit.lot).toBeDefined();
              expect(unit.retainUntil).toBe(unitRetainUntil(unit));
              expect(unit.retainUntil > (unit.expiryDate ?? unit.productionDate)).toBe(true);
              if (unit.speciallyManaged) expect(ctx.qualification!.specialManagementCheck).toBeDefined();
            }
            expect(ctx.retainUntil).toBe(ctx.sale!.units.map((u) => u.retainUntil).sort().at(-1));
          }
          if (type === 'sale.cancelled') expect(ctx.sale).toBeNull();
        });
      }),
      { numRuns: 300 },
    );
  });
});

// ── Device return ───────────────────────────────────────────────────────────────────────────

const returnStepArb = fc.record({
  type: fc.constantFrom('return.inspected', 'return.dispositioned', 'return.closed'),
  role: roleArb,
  conforming: fc.boolean(),
  disposition: fc.constantFrom('restock', 'repair', 'scrap', 'returnToMaker'),
}).map(({ type, role, conforming, disposition }) => ({
  type,
  role,
  payload: type === 'return.inspected' ? { findings: 'f', conforming } : type === 'return.dispositioned' ? { disposition } : {},
}));

describe('device return, property-based', () => {
  it('never puts nonconforming units back into stock, and closes only a dispositioned return, by QA or a manager', () => {
    const input = {
      returningParty: { name: 'Dealer' }, returnedOn: '2026-11-25', product: { name: 'Pump', manufacturer: 'Maker', model: 'P-1' }, lot: 'LOT-1', quantity: 1,
      reason: { kind: 'qualityProblem', description: 'broken' },
    };
    fc.assert(
      fc.property(fc.array(returnStepArb, { maxLength: 8 }), (steps) => {
        run(deviceReturnProcess, input, steps, (before, after, type) => {
          const ctx = after.context;
          if (ctx.disposition?.disposition === 'restock') expect(ctx.inspection.conforming).toBe(true);
          if (type === 'return.closed') expect(statePath(before)).toBe('dispositioned');
          expect(['qa', 'manager']).toContain((ctx.closure ?? ctx.disposition ?? ctx.inspection ?? { by: { role: 'qa' } }).by.role);
        });
      }),
      { numRuns: 300 },
    );
  });
});

// ── Opinion card ────────────────────────────────────────────────────────────────────────────

const cardStepArb = fc.record({
  type: fc.constantFrom('card.returned', 'card.reviewed', 'card.filed'),
  role: roleArb,
  scores: fc.array(fc.record({ indicator: fc.constantFrom('complaintHandling', 'responseSpeed', 'reception'), score: fc.integer({ min: 1, max: 5 }) }), { maxLength: 3 }),
}).map(({ type, role, scores }) => ({
  type,
  role,
  payload: type === 'card.returned' ? { scores } : type === 'card.reviewed' ? { evaluation: 'e' } : {},
}));

describe('opinion card, property-based', () => {
  it('is returned with exactly its key indicators scored, reviewed by a manager, and opens a complaint exactly when complaint handling scored 1 or 2', () => {
    const input = { touchpoint: 'complaintHandling', customer: { name: 'Owner' }, classification: { servedOn: '2026-11-20', salesperson: 'S', unitType: 'U', garden: 'G', dealClosed: true, intent: 'strong' } };
    fc.assert(
      fc.property(fc.array(cardStepArb, { maxLength: 8 }), (steps) => {
        run(opinionCardProcess, input, steps, (before, after, type) => {
          const ctx = after.context as OpinionCardContext;
          if (type === 'card.returned') expect(ctx.returned!.scores.map((s) => s.indicator).sort()).toEqual(['complaintHandling', 'responseSpeed']);
          if (type === 'card.reviewed' || type === 'card.filed') expect(['manager']).toContain((type === 'card.reviewed' ? ctx.review : ctx.filing)!.by.role);
          const facts = (s: AnyMachineSnapshot) => ({ id: 'card', number: 'OC-000001', state: statePath(s), context: s.context });
          const opened = complaintForPoorScore(facts(before), facts(after), { type });
          const poor = type === 'card.returned' && ctx.returned!.scores.some((s) => s.indicator === 'complaintHandling' && s.score <= 2);
          expect(opened.length).toBe(poor ? 1 : 0);
        });
      }),
      { numRuns: 300 },
    );
  });
});
