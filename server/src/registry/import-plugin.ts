import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import type { PluginSdk } from './plugin-sdk.js';

/**
 * Imports a plugin module afresh, so that an edited file is read again on reload.
 *
 * Every plugin goes through tsx's `tsImport`, JavaScript included. Each call loads under a new
 * namespace, so the module and the ES modules it imports relatively are all read again. Going
 * through tsx for JavaScript too means a plain `import()` is never used: under vitest such an
 * `import()` is rewritten to Vite's module runner, which would make tests load plugins
 * differently from the server.
 * NOTE: CommonJS files a plugin requires stay in Node's require cache until the server restarts.
 */
export async function importPluginModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  return (await tsImport(url, { parentURL: import.meta.url })) as Record<string, unknown>;
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
