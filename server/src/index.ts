// The engine as a library: import from '@databay-studio/server' without starting the studio.
export * from './engine/index.js';
export * from './nodes/index.js';
export * from './registry/define.js';
export { NodeTypeRegistry } from './registry/registry.js';
export {
  createRegistry,
  loadNodeTypes,
  builtinDefinitions,
  type CreateRegistryOptions,
  type LoadNodeTypesOptions,
} from './registry/create-registry.js';
export type { LoadPluginsOptions, PluginLogger } from './registry/load-plugins.js';
export { linksFromFlow, type LinksFromFlowOptions, type FlowLinks } from './flow/links-from-flow.js';
export { InvalidFlowError, type FlowDocumentProblem } from './flow/invalid-flow-error.js';
export * from './processors/index.js';
export * from './schedule/index.js';
export * from './bullmq/index.js';
