import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';
import type { PluginSdk } from './plugin-sdk.js';

/** Imports plugin modules for one load of the plugins. */
export interface PluginImporter {
  importModule(file: string): Promise<Record<string, unknown>>;
}

/**
 * Creates an importer that reads every plugin module afresh, so that edited files are read again
 * on reload.
 *
 * The importer registers tsx's loader under a new namespace, and every plugin goes through it,
 * JavaScript included. Modules loaded under a new namespace are new module instances, so a
 * plugin and the ES modules it imports relatively are all read again. Going through tsx for
 * JavaScript too means a plain `import()` is never used: under vitest such an `import()` is
 * rewritten to Vite's module runner, which would make tests load plugins differently from the
 * server.
 * NOTE: Each importer, so each load or reload, adds tsx's hooks once more and keeps them
 * registered, because a plugin may import more modules lazily while it runs.
 * NOTE: The plugin module itself is always read again, but modules it loads as CommonJS stay in
 * Node's require cache until the server restarts. That includes `.ts` helpers imported from a
 * folder whose package.json does not say `"type": "module"`.
 */
export function createPluginImporter(): PluginImporter {
  // tsx compiles CommonJS-scoped TypeScript through its require hook, so both hooks share the namespace.
  const namespace = randomUUID();
  registerCommonJs({ namespace });
  const loader = registerEsm({ namespace });
  return {
    async importModule(file) {
      return (await loader.import(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    },
  };
}

/**
 * Returns what a plugin module exports as node types: its default export, or the result of
 * calling it with the SDK when it is a function (awaited), as a list. CommonJS modules and
 * TypeScript files that tsx compiles to CommonJS are unwrapped to their own default export.
 */
export async function exportedNodeTypes(module: Record<string, unknown>, sdk: PluginSdk): Promise<unknown[]> {
  let exported = module.default;
  if (isInteropWrapper(exported)) exported = exported.default;
  if (exported === undefined) {
    throw new Error(
      'the module has no default export: export default a node type definition, an array of them, or a function that receives the SDK and returns them',
    );
  }

  const resolved = typeof exported === 'function' ? await (exported as (sdk: PluginSdk) => unknown)(sdk) : exported;
  return Array.isArray(resolved) ? resolved : [resolved];
}

/** True for `module.exports` of a module compiled from ESM to CommonJS, which carries `__esModule`. */
function isInteropWrapper(value: unknown): value is { default: unknown } {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    (value as { __esModule?: unknown }).__esModule === true
  );
}
