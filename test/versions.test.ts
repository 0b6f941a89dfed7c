/**
 * Versions of a process (CONTRACT.md "Versions of a process"), on PGlite and PostgreSQL: the
 * versions the API answers, cases running on the version they were opened with, the board's
 * count per version, and `migrate`: every open version-1 work order moved to version 2 with its
 * journal entry and walked to done there, a dry run that writes nothing, a case that cannot move
 * left working where it is, and events racing the migration never lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProcess } from '../machines/describe';
import { nextStep, walkInput } from '../machines/work-order/walk';
import { workOrderVersion1 } from '../machines/work-order/index';
import { registerProcess, type Actor } from '../machines/index';
import { createEngine, type Engine } from '../server/core/engine';
import { migrationLine } from '../server/boot/migrationReport';
import { migrateOpenCases } from '../server/core/migration';
import { verifyCases } from '../server/read/verify';
import { backends } from './support/databases';
import { logIn, startApi, type Api } from './support/api';
import { twoVersionProcess } from './fixtures/twoVersionJob';

const unregister = registerProcess(twoVersionProcess);
afterAll(() => unregister());

describe.each(backends)('versions of a process on %s', (kind) => {
  let api: Api;
  let engine: Engine;
  let advisor: Actor;
  const actorOf = (role: keyof Api['staff']): Actor => {
    const { token: _token, ...actor } = api.staff[role];
    return actor;
  };

  beforeAll(async () => {
    api = await startApi(kind);
    engine = createEngine({ db: api.database.db, clock: api.clock.now, timeLimits: {}, idempotencyRetentionMs: 3600_000 });
    advisor = actorOf('advisor');
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** A work order opened on `version` and walked (by the role each step needs) until it rests in `state`. */
  async function caseAt(version: number, state: string, n: number): Promise<string> {
    const opened = await engine.openCase(advisor, { type: 'work-order', input: walkInput(n) }, { onVersion: { definitionVersion: version } });
    if (!opened.ok) throw new Error(opened.refusal.message);
    let view = opened.value.view;
    while (view.state !== state) {
      const { role, event } = nextStep(version, view.state, view.context, api.clock.now());
      const sent = await engine.sendEvent(actorOf(role), view.id, event);
      if (!sent.ok) throw new Error(`${event.type} refused in ${view.state}: ${sent.refusal.message}`);
      view = sent.value.view;
      api.clock.advance(60_000);
    }
    return view.id;
  }

  async function walkToDone(id: string, version: number) {
    let view = (await api.call('GET', `/api/cases/${id}`, { token: api.staff.manager.token })).body;
    for (let steps = 0; view.state !== 'done'; steps++) {
      expect(steps, `stuck in ${view.state}`).toBeLessThan(40);
      const { role, event } = nextStep(version, view.state, view.context, api.clock.now());
      const sent = await api.call('POST', `/api/cases/${id}/events`, { token: api.staff[role].token, body: event });
      expect(sent.status, `${event.type} in ${view.state}: ${JSON.stringify(sent.body)}`).toBe(200);
      view = sent.body;
      api.clock.advance(60_000);
    }
    return view;
  }

  const journal = async (id: string) => (await api.call('GET', `/api/cases/${id}/events`, { token: api.staff.manager.token })).body as any[];

  it('answers the versions of a process and its current one, and each version\'s definition and diagram', async () => {
    const token = api.staff.advisor.token;
    const current = await api.call('GET', '/api/processes/work-order', { token });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ type: 'work-order', definitionVersion: 2, versions: [1, 2], currentVersion: 2 });
    const first = await api.call('GET', '/api/processes/work-order?version=1', { token });
    expect(first.body).toMatchObject({ definitionVersion: 1, versions: [1, 2], currentVersion: 2 });
    expect((await api.call('GET', '/api/processes/work-order?version=9', { token })).status).toBe(404);
    const diagram = await api.call('GET', '/api/processes/work-order/diagram.svg?version=1', { token });
    expect(diagram.status).toBe(200);
    expect(String(diagram.body)).toContain('<svg');
    expect((await api.call('GET', '/api/processes/complaint', { token })).body).toMatchObject({ versions: [1], currentVersion: 1 });
  });

  it('opens new cases on the current version, and keeps a version-1 case on version 1\'s events', async () => {
    const fresh = await api.call('POST', '/api/cases', { token: api.staff.advisor.token, body: { type: 'work-order', input: walkInput(900) } });
    expect(fresh.body.definitionVersion).toBe(2);
    const old = await caseAt(1, 'inspect', 901);
    const view = (await api.call('GET', `/api/cases/${old}`, { token: api.staff.advisor.token })).body;
    expect(view).toMatchObject({ definitionVersion: 1, state: 'inspect', allowedEvents: ['inspection.recorded', 'order.cancelled'] });
    const withChecklist = nextStep(2, 'inspect', view.context, api.clock.now()).event;
    const refused = await api.call('POST', `/api/cases/${old}/events`, { token: api.staff.advisor.token, body: withChecklist });
    expect(refused.status).toBe(400);
    const accepted = await api.call('POST', `/api/cases/${old}/events`, { token: api.staff.advisor.token, body: nextStep(1, 'inspect', view.context, api.clock.now()).event });
    expect(accepted.body).toMatchObject({ definitionVersion: 1, state: 'estimate' });
  });

  it('counts each version\'s open cases on the board, where more than one is in use', async () => {
    const board = (await api.call('GET', '/api/board?type=work-order', { token: api.staff.manager.token })).body;
    const byVersion = Object.fromEntries(board.versions.map((v: any) => [v.definitionVersion, v.open]));
    expect(byVersion[1]).toBeGreaterThanOrEqual(1);
    expect(byVersion[2]).toBeGreaterThanOrEqual(1);
    const firstOnly = (await api.call('GET', '/api/board?type=work-order&version=1', { token: api.staff.manager.token })).body;
    const open = firstOnly.states.reduce((sum: number, s: any) => sum + s.open, 0);
    expect(open).toBe(byVersion[1]);
  });

  it('shows managers the open cases per version on the board, each drawing its version\'s diagram', async () => {
    await caseAt(1, 'greet', 500);
    const cookie = await logIn(api, api.staff.manager.token);
    const page = await (await api.app.request('/board?process=work-order', { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Open cases by version of the process');
    expect(page).toMatch(/version 1<\/a>: <span class="count">\d+<\/span>/);
    expect(page).toContain('version 2 (current)');
    const first = await api.app.request('/board?process=work-order&version=1', { headers: { Cookie: cookie } });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('aria-current="true"');
  });

  it('shows a version-2 case\'s named inspection items and the source\'s phrases on its page, and a version-1 case its own forms', async () => {
    const id = await caseAt(2, 'estimate', 501);
    const cookie = await logIn(api, api.staff.advisor.token);
    const page = await (await api.app.request(`/cases/${id}`, { headers: { Cookie: cookie } })).text();
    for (const item of ['Power window glass', 'Power windows', 'Body paint', 'Trunk']) expect(page).toContain(item);
    expect(page).toContain('all four work');
    const greeting = await (await api.app.request(`/cases/${await caseAt(2, 'greet', 502)}`, { headers: { Cookie: cookie } })).text();
    expect(greeting).toContain('Hello, Guangzhou Honda Dejia, how can I help you?');
    expect(greeting).toContain('Hello, I am …, glad to be of service!');
    expect(greeting).not.toContain('· version');
    const older = await (await api.app.request(`/cases/${await caseAt(1, 'inspect', 503)}`, { headers: { Cookie: cookie } })).text();
    expect(older).toContain('Work order · version 1');
    expect(older).not.toContain('checklist.windowGlass.condition');
    const current = await (await api.app.request(`/cases/${await caseAt(2, 'inspect', 504)}`, { headers: { Cookie: cookie } })).text();
    expect(current).toContain('name="checklist.windowGlass.condition"');
  });

  it('migrates open version-1 work orders in every state to version 2, journaled, and each walks on to done there', async () => {
    const ids = new Map<string, string>();
    const openStates = describeProcess(workOrderVersion1).states.filter((s) => !s.final).map((s) => s.path);
    for (const [i, state] of openStates.entries()) ids.set(state, await caseAt(1, state, 100 + i));

    const dry = await migrateOpenCases({ db: api.database.db, type: 'work-order', to: 2, dryRun: true, clock: api.clock.now });
    expect(dry.left).toBe(0);
    for (const id of ids.values()) {
      const view = (await api.call('GET', `/api/cases/${id}`, { token: api.staff.manager.token })).body;
      expect(view.definitionVersion).toBe(1);
      expect((await journal(id)).some((e) => e.type === 'case.migrated')).toBe(false);
    }

    const run = await migrateOpenCases({ db: api.database.db, type: 'work-order', to: 2, clock: api.clock.now });
    expect(run.migrated).toBe(dry.migrated);
    expect(run.lines.map((l) => l.number)).toEqual(dry.lines.map((l) => l.number));
    for (const [state, id] of ids) {
      const view = (await api.call('GET', `/api/cases/${id}`, { token: api.staff.manager.token })).body;
      expect(view).toMatchObject({ definitionVersion: 2, state });
      const last = (await journal(id)).at(-1);
      expect(last).toMatchObject({
        seq: view.version,
        type: 'case.migrated',
        payload: { fromVersion: 1, toVersion: 2 },
        actor: { id: 'system', name: 'caseflow', role: 'system' },
        from: state,
        to: state,
      });
    }
    for (const [state, id] of ids) {
      const done = await walkToDone(id, 2);
      expect(done, `the case migrated in ${state}`).toMatchObject({ state: 'done', status: 'done', definitionVersion: 2 });
    }
    const report = await verifyCases(api.database.db);
    expect(report.discrepancies).toEqual([]);
  });

  it('writes nothing on a dry run', async () => {
    const id = await caseAt(1, 'sign', 300);
    const before = (await api.call('GET', `/api/cases/${id}`, { token: api.staff.manager.token })).body;
    const dry = await migrateOpenCases({ db: api.database.db, type: 'work-order', to: 2, dryRun: true, clock: api.clock.now });
    expect(dry.lines.find((l) => l.outcome === 'migrated' && l.number === before.number)).toBeDefined();
    const after = (await api.call('GET', `/api/cases/${id}`, { token: api.staff.manager.token })).body;
    expect(after).toEqual(before);
    expect((await journal(id)).length).toBe(before.version);
  });

  it('leaves a case whose state has no mapping on its version, says why, and it keeps working there', async () => {
    const open = async () => {
      const opened = await engine.openCase(advisor, { type: twoVersionProcess.type, input: {} }, { onVersion: { definitionVersion: 1 } });
      if (!opened.ok) throw new Error(opened.refusal.message);
      return opened.value.view.id;
    };
    const waiting = await open();
    const paused = await open();
    expect((await engine.sendEvent(advisor, paused, { type: 'job.paused' })).ok).toBe(true);

    const run = await migrateOpenCases({ db: api.database.db, type: twoVersionProcess.type, to: 2, clock: api.clock.now });
    expect(run.lines.map((l) => [l.outcome, l.outcome === 'left' ? l.reason : '']).sort()).toEqual([
      ['left', 'its state "paused" has no mapping to version 2'],
      ['migrated', ''],
    ]);
    const left = run.lines.find((l) => l.outcome === 'left')!;
    expect(migrationLine(left, false)).toMatch(/^TJ-\d{6} {2}left on v1 +its state "paused" has no mapping to version 2$/);
    const stayed = await engine.sendEvent(advisor, paused, { type: 'job.resumed' });
    expect(stayed.ok && stayed.value.view).toMatchObject({ definitionVersion: 1, state: 'waiting' });
    const moved = (await api.call('GET', `/api/cases/${waiting}`, { token: api.staff.manager.token })).body;
    expect(moved).toMatchObject({ definitionVersion: 2, state: 'waiting' });
  });

  it('never loses an event that races the migration: it lands on the version the case is on when it is applied', async () => {
    const ids = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => caseAt(1, 'sign', 400 + i)));
    const acknowledged: Array<{ id: string; version: number; description: string }> = [];
    const lane = async (id: string, lane: number) => {
      for (let n = 0; n < 6; n++) {
        const description = `race ${lane}.${n}`;
        const event = { ...nextStep(1, 'estimate', {}, api.clock.now()).event };
        (event.lines as any[])[0].description = description;
        const sent = await engine.sendEvent(advisor, id, event);
        if (sent.ok) acknowledged.push({ id, version: sent.value.view.version, description });
      }
    };
    const [run] = await Promise.all([
      migrateOpenCases({ db: api.database.db, type: 'work-order', to: 2, clock: api.clock.now }),
      ...ids.flatMap((id, i) => [lane(id, i * 2), lane(id, i * 2 + 1)]),
    ]);
    expect(acknowledged.length).toBe(ids.length * 12);
    for (const ack of acknowledged) {
      const entry = (await journal(ack.id))[ack.version - 1];
      expect(entry.payload.lines[0].description, `acknowledged ${ack.description}`).toBe(ack.description);
    }
    for (const line of run.lines.filter((l) => l.outcome === 'left')) {
      expect(line.outcome === 'left' && line.reason).toContain('kept changing');
    }
    const report = await verifyCases(api.database.db);
    expect(report.discrepancies).toEqual([]);
  });
});
