/**
 * Demo cases for a newcomer's first start on the embedded database: each registered process's
 * own demo cases (its module's `demo`), so the board is not empty. Every case is made by the
 * engine itself, run on a clock set in the past, so its journal, snapshot, state-entry time and
 * due time agree exactly as if staff had done it.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.js';
import { processes, type Actor, type StaffRole } from '../../machines/index.js';
import { defaultConfig } from '../config.js';
import { createEngine } from '../core/engine.js';
import type { TimeLimitOverrides } from '../core/timeLimits.js';

/**
 * Opens the demo cases, unless the database already has a case. Answers how many were made.
 * `staff` should hold one member per role (the demo staff); a missing role's steps are taken
 * by a manager.
 */
export async function seedDemoCases(db: Db, staff: readonly Actor[], options: { now?: Date; timeLimits?: TimeLimitOverrides } = {}): Promise<number> {
  const [existing] = await queryRows(db, sql`SELECT 1 FROM cases LIMIT 1`);
  if (existing) return 0;
  const byRole = (role: StaffRole) => staff.find((m) => m.role === role) ?? staff.find((m) => m.role === 'manager');
  const now = options.now ?? new Date();
  let current = now;
  const engine = createEngine({
    db,
    clock: () => current,
    timeLimits: options.timeLimits ?? defaultConfig.timeLimits,
    idempotencyRetentionMs: defaultConfig.idempotencyRetentionHours * 3600_000,
    timerSettings: defaultConfig.timerSettings,
  });
  let made = 0;
  for (const definition of processes) {
    for (const demo of definition.demo(now)) {
      const opener = byRole(demo.openedBy);
      if (!opener) return made;
      current = new Date(now.getTime() - demo.openedAgoMs);
      const onVersion = demo.definitionVersion === undefined ? undefined : { definitionVersion: demo.definitionVersion };
      const opened = await engine.openCase(opener, { type: definition.type, input: demo.input }, { onVersion });
      if (!opened.ok) throw new Error(`demo ${definition.type} could not be opened: ${opened.refusal.message}`);
      for (const step of demo.events) {
        current = new Date(now.getTime() - step.agoMs);
        const sent = await engine.sendEvent(byRole(step.role)!, opened.value.view.id, step.event);
        if (!sent.ok) throw new Error(`demo ${opened.value.view.number} refused ${step.event.type}: ${sent.refusal.message}`);
      }
      made += 1;
    }
  }
  return made;
}
