/** Every registered process module passes the conformance suite, each version its cases run on. */
import { describe } from 'vitest';
import { describeConformance } from './conformance.js';
import { processes, processVersions } from './registry.js';

const everyVersion = processes.flatMap((p) => processVersions(p.type));
describe.each(everyVersion.map((definition) => ({ type: definition.type, version: definition.definitionVersion, definition })))('$type version $version', ({ definition }) => {
  describeConformance(definition);
});
