/** The process modules and what they share: the registry, the pure core, and the common vocabulary. */
export * from './process.js';
export * from './result.js';
export * from './apply.js';
export * from './registry.js';
export * from './versions.js';
