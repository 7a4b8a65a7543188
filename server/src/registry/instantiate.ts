import { Inlet } from '../engine/inlet.js';
import { Outlet } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import type { Update } from '../engine/update.js';
import type { NodeContext, NodeTypeDefinition, PlainInlet, PlainOutlet } from './define.js';
import { abortNodeContext } from './node-context.js';
import { guardCreatedNode, hasFunction, isEngineNode, pluginFailure, type FailureWrapper } from './node-guard.js';
import { NodeConfigError } from './node-type-error.js';
import { BUILTIN_SOURCE } from './registry.js';
import { describeValue } from './validate-definition.js';

export interface InstantiateOptions {
  /** Source the definition is registered under; errors name it. Defaults to `builtin`. */
  source?: string;
  /**
   * Whether `config` still needs parsing with the definition's schema. Default true; pass false
   * when the caller already parsed it, so that a transforming schema does not run twice.
   */
  parseConfig?: boolean;
}

/**
 * Creates the engine node for one flow node: parses `config` with the definition's schema
 * (defaults filled in), runs `create`, and returns a real Inlet or Outlet.
 *
 * A plain object from `create` is wrapped in an Inlet or Outlet named after the node id. For a
 * type from a plugin, errors thrown by `create`, `onStart`, `pull`, `push` or `onShutdown` are
 * rethrown as NodeTypeError naming the type and the plugin, so they fail that transfer like any
 * node failure. When the node shuts down, the context's signal fires before `onShutdown` runs.
 */
export async function instantiateNode(
  definition: NodeTypeDefinition,
  config: unknown,
  context: NodeContext,
  options: InstantiateOptions = {},
): Promise<Inlet | Outlet> {
  const source = options.source ?? BUILTIN_SOURCE;
  let nodeConfig: unknown = config;
  if (options.parseConfig ?? true) {
    const parsed = definition.config.safeParse(config ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue: { path: PropertyKey[]; message: string }) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
      throw new NodeConfigError(definition.type, context.nodeId, issues);
    }
    nodeConfig = parsed.data;
  }

  const failure: FailureWrapper = source === BUILTIN_SOURCE ? (_stage, error) => error : pluginFailure(definition.type, source);

  let created: unknown;
  try {
    created = await definition.create(nodeConfig, context);
  } catch (error) {
    throw failure('create', error);
  }

  const guarded = source === BUILTIN_SOURCE ? created : guardCreatedNode(created, definition.kind, failure);
  const node = definition.kind === 'inlet' ? toInlet(guarded, context) : toOutlet(guarded, context);
  if (!node) {
    const expected = definition.kind === 'inlet' ? 'an Inlet or an object with pull(update)' : 'an Outlet or an object with push(records, update)';
    throw failure(
      'create',
      new TypeError(`create() returned ${describeValue(created)} but a ${definition.kind} node type must return ${expected}`),
    );
  }

  abortOnShutdown(node, context);
  return node;
}

function toInlet(created: unknown, context: NodeContext): Inlet | undefined {
  if (created instanceof Inlet) return created;
  if (isEngineNode(created) && hasFunction(created, 'pull')) return created as Inlet;
  if (!hasFunction(created, 'pull')) return undefined;
  return new PlainInletNode(created as PlainInlet, context.nodeId);
}

function toOutlet(created: unknown, context: NodeContext): Outlet | undefined {
  if (created instanceof Outlet) return created;
  if (isEngineNode(created) && hasFunction(created, 'push')) return created as Outlet;
  if (!hasFunction(created, 'push')) return undefined;
  return new PlainOutletNode(created as PlainOutlet, context.nodeId);
}

/** An inlet whose pull and hooks are a plain object's. */
class PlainInletNode extends Inlet {
  constructor(
    private readonly plain: PlainInlet,
    nodeId: string,
  ) {
    super({ name: nodeId });
    if (plain.onStart) this.onStart = () => plain.onStart?.();
    if (plain.onShutdown) this.onShutdown = () => plain.onShutdown?.();
    if (plain.pullBatches) this.pullBatches = (update) => plain.pullBatches!(update);
  }

  pull(update: Update): unknown {
    return this.plain.pull(update);
  }
}

/** An outlet whose push and hooks are a plain object's. */
class PlainOutletNode extends Outlet {
  constructor(
    private readonly plain: PlainOutlet,
    nodeId: string,
  ) {
    super({ name: nodeId });
    if (plain.onStart) this.onStart = () => plain.onStart?.();
    if (plain.onShutdown) this.onShutdown = () => plain.onShutdown?.();
  }

  push(records: DataRecord[], update: Update): void | Promise<void> {
    return this.plain.push(records, update);
  }
}

/** Makes the node's shutdown fire the context's signal before its own onShutdown runs. */
function abortOnShutdown(node: Inlet | Outlet, context: NodeContext): void {
  const onShutdown = node.onShutdown?.bind(node);
  node.onShutdown = async () => {
    abortNodeContext(context);
    await onShutdown?.();
  };
}
