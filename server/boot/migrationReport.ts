/** What `npm run cli -- migrate` prints: a line per case, then what was done (or would be). */
import type { MigrationLine, MigrationRun } from '../core/migration.js';

/** `WO-000004  migrated      v1 → v2  repair.ready` or `WO-000009  left on v1    its state "x" has no mapping to version 2`. */
export function migrationLine(line: MigrationLine, dryRun: boolean): string {
  if (line.outcome === 'migrated') {
    const states = line.fromState === line.toState ? line.toState : `${line.fromState} → ${line.toState}`;
    return `${line.number}  ${(dryRun ? 'would migrate' : 'migrated').padEnd(16)}v${line.fromVersion} → v${line.toVersion}  ${states}`;
  }
  return `${line.number}  ${`${dryRun ? 'would stay on' : 'left on'} v${line.fromVersion}`.padEnd(16)}${line.reason}`;
}

export function migrationSummary(type: string, to: number, run: MigrationRun, dryRun: boolean): string {
  if (run.lines.length === 0) return `every open ${type} case is on version ${to} already: nothing to migrate`;
  return dryRun
    ? `dry run, nothing written: ${run.migrated} ${type} case(s) would move to version ${to}, ${run.left} would stay on their version`
    : `${run.migrated} ${type} case(s) moved to version ${to}, ${run.left} left on their version`;
}
