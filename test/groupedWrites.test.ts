/**
 * Group commit: events written together, as one statement, must each come out exactly as they
 * would alone: written once with their journal entry, or refused with nothing written, whatever
 * the others in their group did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCase } from '../server/core/caseRows';
import { updateCases, type CaseWrite, type WriteOutcome } from '../server/core/caseStore';
import { groupedWrites } from '../server/core/groupedWrites';
import { revokeStaff } from '../server/core/staff';
import { backends } from './support/databases';
import { events, footprint, openCase, startApi, type Api } from './support/api';

/** A write that the fake database knows by its case id. */
const writeOn = (id: string) => ({ before: { id } }) as unknown as CaseWrite;

/** A fake `updateCases`: records each statement's case ids; refuses a statement holding `poison`. */
function fakeDatabase(failure?: { poison: string; error: unknown }) {
  const statements: string[][] = [];
  let release: (() => void) | undefined;
  const run = async (writes: CaseWrite[]): Promise<WriteOutcome[]> => {
    const ids = writes.map((w) => w.before.id);
    statements.push(ids);
    if (statements.length === 1) await new Promise<void>((resolve) => (release = resolve));
    if (failure && ids.includes(failure.poison)) throw failure.error;
    return writes.map(() => 'written');
  };
  return { statements, run, releaseFirst: () => release?.() };
}

const refusedByPostgres = Object.assign(new Error('deadlock detected'), { severity: 'ERROR', code: '40P01' });
const connectionLost = Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });

/**
 * Writes `a`, then `rest` while `a` is on its way; lets `a` finish once they wait. Answers how each
 * write settled (in the order given) and the statements the database received.
 */
async function writeBehindOne(database: ReturnType<typeof fakeDatabase>, rest: string[]) {
  const grouped = groupedWrites(database.run);
  const first = grouped.write(writeOn('a'));
  await new Promise((resolve) => setImmediate(resolve));
  const others = rest.map((id) => grouped.write(writeOn(id)));
  await new Promise((resolve) => setImmediate(resolve));
  const sentBeforeTheFirstReturned = database.statements.map((ids) => [...ids]);
  database.releaseFirst();
  const settled = await Promise.allSettled([first, ...others]);
  return { settled: settled.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected')), sentBeforeTheFirstReturned };
}

describe('groupedWrites', () => {
  it('sends the writes that come in while one is on its way as one statement, in case order', async () => {
    const database = fakeDatabase();
    const { settled, sentBeforeTheFirstReturned } = await writeBehindOne(database, ['d', 'b', 'c']);
    expect(sentBeforeTheFirstReturned).toEqual([['a']]);
    expect(settled).toEqual(['written', 'written', 'written', 'written']);
    expect(database.statements).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('writes each alone when the database refused their statement, so one write’s error is no one else’s', async () => {
    const database = fakeDatabase({ poison: 'c', error: refusedByPostgres });
    const { settled } = await writeBehindOne(database, ['b', 'c', 'd']);
    expect(settled).toEqual(['written', 'written', 'rejected', 'written']);
    expect(database.statements).toEqual([['a'], ['b', 'c', 'd'], ['b'], ['c'], ['d']]);
  });

  it('never writes again after a lost connection: the write may have been committed, so every write of the group gets the error', async () => {
    const database = fakeDatabase({ poison: 'c', error: connectionLost });
    const { settled } = await writeBehindOne(database, ['b', 'c', 'd']);
    expect(settled).toEqual(['written', 'rejected', 'rejected', 'rejected']);
    expect(database.statements).toEqual([['a'], ['b', 'c', 'd']]);
  });
});

describe.each(backends)('events written together on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('writes every one of many concurrent events once, and refuses the second of two sent to the same case', async () => {
    const cases = await Promise.all(Array.from({ length: 24 }, () => openCase(api, 'work-order')));
    const send = (id: string) => api.call('POST', `/api/cases/${id}/events`, { token: api.staff.advisor.token, body: events.requestsConfirmed() });
    const twice = cases.slice(0, 6);
    const answers = await Promise.all([...cases.map((c) => send(c.id)), ...twice.map((c) => send(c.id))]);

    expect(answers.filter((a) => a.status === 200)).toHaveLength(24);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(6);
    for (const answer of refused) expect(answer.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    for (const opened of cases) expect(await footprint(api, opened.id)).toEqual({ version: 2, state: 'inspect', journalLength: 2 });
  });

  it('refuses the events of a revoked member among others, writing theirs and nothing of the member’s', async () => {
    const member = await api.addMember('advisor', 'Leaving Advisor');
    const theirs = await Promise.all(Array.from({ length: 8 }, () => openCase(api, 'work-order')));
    const members = await Promise.all(Array.from({ length: 8 }, () => openCase(api, 'work-order')));
    const send = (id: string, token: string, body: unknown) => api.call('POST', `/api/cases/${id}/events`, { token, body });
    // The server has seen the member's token on events before.
    for (const opened of members) expect((await send(opened.id, member.token, events.requestsConfirmed())).status).toBe(200);
    await revokeStaff(api.database.db, member.id);

    const answers = await Promise.all(
      theirs.flatMap((opened, i) => [send(opened.id, api.staff.advisor.token, events.requestsConfirmed()), send(members[i]!.id, member.token, events.inspectionRecorded())]),
    );
    expect(answers.map((a) => a.status)).toEqual(theirs.flatMap(() => [200, 401]));
    for (const opened of theirs) expect(await footprint(api, opened.id)).toEqual({ version: 2, state: 'inspect', journalLength: 2 });
    for (const opened of members) expect(await footprint(api, opened.id)).toEqual({ version: 2, state: 'inspect', journalLength: 2 });
  });

  it('writes 70 cases in one statement, past a multiple of its input slots, Chinese text and all, each once', async () => {
    const opened = await Promise.all(Array.from({ length: 70 }, () => openCase(api, 'work-order')));
    const actor = { id: api.staff.advisor.id, name: api.staff.advisor.name, role: 'advisor' as const };
    const writes: CaseWrite[] = [];
    for (const { id } of opened) {
      const before = (await loadCase(api.database.db, id))!;
      const snapshot = { ...before.snapshot, context: { ...before.snapshot.context, note: `粤B·${id.slice(0, 4)} 门店备注` } };
      const after = { ...before, version: before.version + 1, snapshot, updatedAt: new Date() };
      writes.push({ before, after, type: 'note.added', payload: { text: '客户来电' }, actor, snapshotJson: JSON.stringify(snapshot), checkStateEnteredAt: false, timers: [] });
    }
    // The same write twice: the second finds the version moved on.
    const outcomes = await updateCases(api.database.db, [...writes, writes[3]!]);

    expect(outcomes).toEqual([...writes.map(() => 'written'), 'conflict']);
    for (const { id } of opened) {
      expect(await footprint(api, id)).toEqual({ version: 2, state: 'greet', journalLength: 2 });
      expect((await loadCase(api.database.db, id))!.snapshot.context.note).toBe(`粤B·${id.slice(0, 4)} 门店备注`);
    }
    const journal = await api.call('GET', `/api/cases/${opened[69]!.id}/events`, { token: api.staff.manager.token });
    expect(journal.body[1]).toMatchObject({ type: 'note.added', payload: { text: '客户来电' } });
  });
});

