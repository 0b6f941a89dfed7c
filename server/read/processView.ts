/**
 * A process as `GET /api/processes` shows it: its states with labels, guidance, phrases and the
 * effective time limit, and their transitions with roles, all read from the registered module.
 */
import { describeProcess } from '../../machines/describe.js';
import { findProcess, processVersions, type Copy } from '../../machines/index.js';
import { effectiveTimeLimit, type TimeLimitOverrides } from '../core/timeLimits.js';

/**
 * Copy as the API gives it: the three languages, and `zh` (Traditional), which the first
 * clients read as "the Chinese".
 */
export const apiCopy = (copy: Copy) => ({ ...copy, zh: copy['zh-Hant'] });

/**
 * A process (its current version, or `version`) with each state's effective time limit (a
 * deployment's override wins), and the versions its cases run on; undefined for an unknown
 * process or version.
 */
export function processView(type: string, overrides: TimeLimitOverrides, version?: number) {
  const definition = findProcess(type, version);
  if (!definition) return undefined;
  const info = describeProcess(definition);
  return {
    ...info,
    versions: processVersions(type).map((v) => v.definitionVersion),
    currentVersion: findProcess(type)!.definitionVersion,
    title: apiCopy(info.title),
    states: info.states.map((s) => ({
      ...s,
      label: apiCopy(s.label),
      guidance: apiCopy(s.guidance),
      say: (s.say ?? []).map(apiCopy),
      timeLimitMinutes: effectiveTimeLimit(definition, s.path, overrides),
    })),
  };
}

export type ProcessView = NonNullable<ReturnType<typeof processView>>;
