// The engine as a library: import from '@databay-studio/server' without starting the studio.
export * from './engine/index.js';
export * from './nodes/index.js';
export * from './registry/define.js';
export { NodeTypeRegistry } from './registry/registry.js';
export * from './processors/index.js';
export * from './schedule/index.js';
export * from './bullmq/index.js';
