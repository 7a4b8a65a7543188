import type { NodeTypeDefinition } from './define.js';
import { NodeTypeError, type NodeTypeStage } from './node-type-error.js';

/** Turns an error thrown by a node type's code into the error its caller receives. */
export type FailureWrapper = (stage: NodeTypeStage, error: unknown) => unknown;

/** Returns a wrapper that names the plugin's type and source; an error it already wrapped passes unchanged. */
export function pluginFailure(type: string, source: string): FailureWrapper {
  return (stage, error) => (error instanceof NodeTypeError ? error : new NodeTypeError(type, source, stage, error));
}

/**
 * Returns a copy of a plugin's definition whose nodes rethrow their errors from `pull`,
 * `pullBatches`, `push`, `onStart` and `onShutdown` as NodeTypeError naming the type and `source`. The registry stores
 * plugin definitions this way, so every caller of `create` gets named errors. Errors of `create`
 * itself pass unchanged, because callers report them with the type and source already.
 */
export function guardDefinition(definition: NodeTypeDefinition, source: string): NodeTypeDefinition {
  const failure = pluginFailure(definition.type, source);
  const create = async (config: unknown, context: Parameters<NodeTypeDefinition['create']>[1]) =>
    guardCreatedNode(await definition.create(config, context), definition.kind, failure);
  return { ...definition, create } as NodeTypeDefinition;
}

/**
 * Routes the errors of a node that `create` returned through `failure`. An engine Inlet or
 * Outlet is patched in place. A plain object is replaced by one whose methods call the
 * original's, with the original as `this`. Anything else is returned unchanged, so that the
 * caller's shape check reports it.
 */
export function guardCreatedNode(created: unknown, kind: 'inlet' | 'outlet', failure: FailureWrapper): unknown {
  const work = kind === 'inlet' ? 'pull' : 'push';
  if (!hasFunction(created, work)) return created;

  const original = created as Record<string, (...args: unknown[]) => unknown>;
  const guarded: Record<string, unknown> = isEngineNode(created) ? original : {};

  const methods = [
    [work, work],
    ['onStart', 'start'],
    ['onShutdown', 'shutdown'],
  ] as const;
  for (const [method, stage] of methods) {
    const implementation = original[method];
    if (typeof implementation !== 'function') continue;
    guarded[method] = async (...args: unknown[]) => {
      try {
        return await implementation.apply(original, args);
      } catch (error) {
        throw failure(stage, error);
      }
    };
  }
  if (kind === 'inlet' && typeof original.pullBatches === 'function') {
    guarded.pullBatches = guardBatches(original, original.pullBatches, failure);
  }
  return guarded;
}

/** Wraps `pullBatches` so that an error while reading any batch reaches the link as a failed pull. */
function guardBatches(
  original: object,
  pullBatches: (...args: unknown[]) => unknown,
  failure: FailureWrapper,
): (update: unknown) => AsyncGenerator<unknown> {
  return async function* guardedBatches(update: unknown) {
    try {
      yield* pullBatches.call(original, update) as AsyncIterable<unknown>;
    } catch (error) {
      throw failure('pull', error);
    }
  };
}

/** True for an Inlet or Outlet, also of another copy of the engine such as one a plugin package bundles. */
export function isEngineNode(value: unknown): boolean {
  return hasFunction((value as { lifecycle?: unknown } | null)?.lifecycle, 'acquire');
}

export function hasFunction(value: unknown, name: string): boolean {
  return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)[name] === 'function';
}
