// The node type SDK and loader, for the server and for embedders.
export * from './define.js';
export { NodeTypeRegistry, BUILTIN_SOURCE, describe, defaultsOf, type RegisterOptions, type SourcedDefinition } from './registry.js';
export { validateDefinition, NODE_TYPE_ID_PATTERN } from './validate-definition.js';
export { NodeTypeError, NodeConfigError, type NodeTypeStage } from './node-type-error.js';
export { createNodeContext, abortNodeContext, type NodeContextOptions } from './node-context.js';
export { instantiateNode, type InstantiateOptions } from './instantiate.js';
export { pluginSdk, type PluginSdk } from './plugin-sdk.js';
export { loadPlugins, DEFAULT_LOAD_TIMEOUT_MS, type LoadPluginsOptions, type LoadedPlugins, type PluginLogger } from './load-plugins.js';
export { findFolderPlugins, findPackagePlugins, findNodeModulesDirs, PACKAGE_FIELD } from './plugin-sources.js';
export {
  createRegistry,
  loadNodeTypes,
  reloadNodeTypes,
  builtinDefinitions,
  type CreateRegistryOptions,
  type LoadNodeTypesOptions,
} from './create-registry.js';
export { captureRevisions, findStaleTypes, type NodeTypeRevisions } from './stale-types.js';
