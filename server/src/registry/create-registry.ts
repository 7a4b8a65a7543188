import type { NodeTypeProblem, NodeTypesResponse } from '@databay-studio/shared';
import { builtinNodeTypes } from '../nodes/index.js';
import { builtinProcessorDefinitions } from '../processors/builtin.js';
import type { AnyNodeTypeDefinition } from './define.js';
import { loadPlugins, type LoadPluginsOptions, type PluginLogger } from './load-plugins.js';
import { registryLogger } from './logger.js';
import { BUILTIN_SOURCE, NodeTypeRegistry, type SourcedDefinition } from './registry.js';

/** Returns the node types that ship with the studio: inlets and outlets, then processors and groupers. */
export function builtinDefinitions(): AnyNodeTypeDefinition[] {
  return [...builtinNodeTypes, ...builtinProcessorDefinitions];
}

export interface CreateRegistryOptions {
  /** Registered first, under the `builtin` source. Defaults to the studio's built-in node types. */
  builtins?: AnyNodeTypeDefinition[];
  /** Registered after the built-in types, e.g. the result of `loadPlugins`. */
  plugins?: SourcedDefinition[];
  /** Problems from loading the plugins, kept with those registration finds. */
  problems?: NodeTypeProblem[];
}

/**
 * Builds a registry: built-in node types first, then plugin definitions, all through the same
 * `register` with its checks. A plugin repeating a built-in type id becomes a problem.
 */
export function createRegistry(options: CreateRegistryOptions = {}): NodeTypeRegistry {
  const registry = new NodeTypeRegistry();
  for (const definition of options.builtins ?? builtinDefinitions()) {
    registry.register(definition, BUILTIN_SOURCE);
  }
  registry.replacePlugins(options.plugins ?? [], options.problems ?? []);
  return registry;
}

export interface LoadNodeTypesOptions extends LoadPluginsOptions {
  builtins?: AnyNodeTypeDefinition[];
}

/** Creates the registry the server starts with: built-in node types and every plugin found. */
export async function loadNodeTypes(options: LoadNodeTypesOptions = {}): Promise<NodeTypeRegistry> {
  const registry = createRegistry({ builtins: options.builtins });
  await reloadNodeTypes(registry, options);
  return registry;
}

const pendingReloads = new WeakMap<NodeTypeRegistry, Promise<unknown>>();

/**
 * Imports the plugins again and swaps them into `registry` in place, then returns what
 * GET /api/node-types serves. Built-in types stay as they are. Reloads of one registry run one
 * after another, so two quick requests cannot interleave their registrations.
 */
export async function reloadNodeTypes(registry: NodeTypeRegistry, options: LoadPluginsOptions = {}): Promise<NodeTypesResponse> {
  const previous = pendingReloads.get(registry) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => reloadNow(registry, options));
  pendingReloads.set(registry, next);
  return next;
}

async function reloadNow(registry: NodeTypeRegistry, options: LoadPluginsOptions): Promise<NodeTypesResponse> {
  const logger: PluginLogger = options.logger ?? registryLogger;
  const loaded = await loadPlugins(options);
  registry.replacePlugins(loaded.definitions, loaded.problems);

  // Registration finds what the loader cannot: repeats of built-in type ids.
  const fromLoader = new Set(loaded.problems);
  for (const problem of registry.problems) {
    if (problem.source !== BUILTIN_SOURCE && !fromLoader.has(problem)) {
      logger.warn({ source: problem.source, problem: problem.message }, 'node type plugin problem');
    }
  }
  return { nodeTypes: registry.descriptors(), problems: [...registry.problems] };
}
