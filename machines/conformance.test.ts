/** Every registered process module passes the conformance suite. */
import { describe } from 'vitest';
import { describeConformance } from './conformance.js';
import { processes } from './registry.js';

describe.each(processes.map((definition) => ({ type: definition.type, definition })))('$type', ({ definition }) => {
  describeConformance(definition);
});
