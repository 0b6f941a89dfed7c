/**
 * Model-based tests of the source's other procedures (device sale, device return, opinion
 * card): @xstate/graph walks every state each machine can reach with sample events, valid ones
 * and ones a rule refuses; every reachable state handles exactly the events CONTRACT.md's
 * "Processes added in v2" gives it, and every simple path to a final state goes through the
 * steps in order, replayed on the real machine.
 */
import { getAdjacencyMap, getSimplePaths } from '@xstate/graph';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { deviceReturnProcess } from './device-return/index.js';
import { deviceSaleProcess } from './device-sale/index.js';
import { opinionCardProcess } from './opinion-card/index.js';
import { allowedEvents, statePath, type ActorRole, type ProcessDefinition } from './process.js';
import { iso, replayEvents, staff, T0 } from './testing.js';

type Snapshot = AnyMachineSnapshot;
type Sample = { type: string; [key: string]: unknown };

const at = iso(T0); // 2026-11-26
const stampFor = (definition: ProcessDefinition) => (type: string, payload: Record<string, unknown> = {}, role?: ActorRole): Sample => ({
  type,
  ...payload,
  at,
  actor: staff(role ?? definition.events[type]!.roles[0]!),
});

interface Model {
  definition: ProcessDefinition;
  input: unknown;
  /** CONTRACT.md: the events each state handles. */
  contract: Record<string, string[]>;
  samples: Sample[];
  /** The order of the states on the way to the final one. */
  order: string[];
}

const sale = stampFor(deviceSaleProcess);
const unit = { product: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01', quantity: 1, serviceLifeYears: 5 };
const record = (units: unknown[]) => ({ saleDate: '2026-11-25', handler: 'Zhou Li', invoiceNumber: 'INV 1', contractNumber: 'HT 1', units });
const deviceSaleModel: Model = {
  definition: deviceSaleProcess,
  input: { buyer: { kind: 'business', name: 'Kangjian Medical Supplies Ltd' } },
  contract: { qualifying: ['buyer.qualified', 'sale.cancelled'], recording: ['sale.recorded', 'sale.cancelled'], done: [], cancelled: [] },
  samples: [
    sale('buyer.qualified', { licences: [{ kind: 'businessLicence', number: 'B1', holder: 'K', expiresOn: '2030-01-01' }, { kind: 'deviceFilingRecord', number: 'F1', holder: 'K', expiresOn: '2030-01-01' }] }),
    sale('buyer.qualified', { licences: [{ kind: 'businessLicence', number: 'B1', holder: 'K', expiresOn: '2030-01-01' }] }),
    sale('buyer.qualified', { licences: [{ kind: 'businessLicence', number: 'B1', holder: 'K', expiresOn: '2020-01-01' }, { kind: 'deviceFilingRecord', number: 'F1', holder: 'K', expiresOn: '2030-01-01' }] }),
    sale('sale.recorded', record([{ ...unit, serialNumber: 'S1' }])),
    sale('sale.recorded', record([unit])),
    sale('sale.recorded', record([{ ...unit, lot: 'L1', speciallyManaged: true }])),
    sale('sale.recorded', record([])),
    sale('sale.cancelled', { reason: 'withdrawn' }),
  ],
  order: ['qualifying', 'recording', 'done'],
};

const ret = stampFor(deviceReturnProcess);
const deviceReturnModel: Model = {
  definition: deviceReturnProcess,
  input: {
    returningParty: { name: 'Kangjian' },
    returnedOn: '2026-11-24',
    product: { name: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200' },
    lot: 'L1',
    quantity: 3,
    reason: { kind: 'qualityProblem', description: 'reads low' },
  },
  contract: { received: ['return.inspected'], inspected: ['return.dispositioned'], dispositioned: ['return.closed'], closed: [] },
  samples: [
    ret('return.inspected', { findings: 'ok', conforming: true }),
    ret('return.inspected', { findings: 'drift', conforming: false }),
    ...['restock', 'repair', 'scrap', 'returnToMaker'].map((disposition) => ret('return.dispositioned', { disposition })),
    ret('return.closed', {}, 'qa'),
    ret('return.closed', { note: 'done' }, 'manager'),
  ],
  order: ['received', 'inspected', 'dispositioned', 'closed'],
};

const card = stampFor(opinionCardProcess);
const opinionCardModel: Model = {
  definition: opinionCardProcess,
  input: {
    touchpoint: 'complaintHandling',
    customer: { name: 'Liang Wei' },
    classification: { servedOn: '2026-11-20', salesperson: 'Huang Min', unitType: '3-bed', garden: 'Lychee Garden', dealClosed: false, intent: 'weak' },
  },
  contract: { issued: ['card.returned'], returned: ['card.reviewed'], reviewed: ['card.filed'], filed: [] },
  samples: [
    card('card.returned', { scores: [{ indicator: 'complaintHandling', score: 1 }, { indicator: 'responseSpeed', score: 2 }] }),
    card('card.returned', { scores: [{ indicator: 'complaintHandling', score: 5 }, { indicator: 'responseSpeed', score: 5 }], comments: 'fine' }),
    card('card.returned', { scores: [{ indicator: 'complaintHandling', score: 5 }] }),
    card('card.returned', { scores: [{ indicator: 'reception', score: 5 }, { indicator: 'complaintHandling', score: 5 }, { indicator: 'responseSpeed', score: 5 }] }),
    card('card.reviewed', { evaluation: 'call the customer back' }),
    card('card.filed', {}),
  ],
  order: ['issued', 'returned', 'reviewed', 'filed'],
};


const distinct = (list: string[]) => list.filter((s, i) => i === 0 || s !== list[i - 1]);

describe.each([deviceSaleModel, deviceReturnModel, opinionCardModel])('$definition.type, model-based', (model) => {
  const { definition, input, contract, samples } = model;
  const options = {
    input,
    events: (s: Snapshot) => samples.filter((e) => allowedEvents(s).includes(e.type)),
    serializeState: (s: Snapshot) => `${statePath(s)}|${JSON.stringify(s.context)}`,
  };

  it('uses sample events the engine would accept', () => {
    for (const { type, at: _at, actor: _actor, ...payload } of samples) {
      expect(definition.events[type]!.schema.safeParse(payload).success, `${type} ${JSON.stringify(payload)}`).toBe(true);
    }
  });

  it('handles, in every reachable state, exactly the events the contract lists and refuses all others', () => {
    const states = Object.values(getAdjacencyMap(definition.machine, options)).map((a) => a.state as Snapshot);
    const seen = new Set<string>();
    for (const snapshot of states) {
      const path = statePath(snapshot);
      seen.add(path);
      expect([...allowedEvents(snapshot)].sort(), path).toEqual([...contract[path]!].sort());
      for (const event of samples.filter((e) => !contract[path]!.includes(e.type))) {
        expect(transition(definition.machine, snapshot, event as never)[0], `${event.type} in ${path}`).toBe(snapshot);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(contract).sort());
  });

  it('goes through its steps in order on every simple path to its end, replayed on the machine', () => {
    const done = model.order.at(-1)!;
    const paths = getSimplePaths(definition.machine, { ...options, toState: (s: Snapshot) => statePath(s) === done });
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const visited = replayEvents(definition, input, path.steps.slice(1).map((s) => s.event as Sample));
      expect(distinct(visited.map(statePath))).toEqual(model.order);
    }
  });
});
