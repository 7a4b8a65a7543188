import { Inlet } from '../../engine/inlet.js';
import { Outlet } from '../../engine/outlet.js';
import type { DataRecord } from '../../engine/record.js';
import type { Update } from '../../engine/update.js';
import type { PlainInlet, PlainOutlet } from '../../registry/define.js';

/** An inlet written as a plain object, adapted to the engine's Inlet and named by its node id. */
export class PlainInletAdapter extends Inlet {
  constructor(
    nodeId: string,
    private readonly plain: PlainInlet,
  ) {
    super({ name: nodeId });
  }

  pull(update: Update): unknown {
    return this.plain.pull(update);
  }

  override async onStart(): Promise<void> {
    await this.plain.onStart?.();
  }

  override async onShutdown(): Promise<void> {
    await this.plain.onShutdown?.();
  }
}

/** An outlet written as a plain object, adapted to the engine's Outlet and named by its node id. */
export class PlainOutletAdapter extends Outlet {
  constructor(
    nodeId: string,
    private readonly plain: PlainOutlet,
  ) {
    super({ name: nodeId });
  }

  async push(records: DataRecord[], update: Update): Promise<void> {
    await this.plain.push(records, update);
  }

  override async onStart(): Promise<void> {
    await this.plain.onStart?.();
  }

  override async onShutdown(): Promise<void> {
    await this.plain.onShutdown?.();
  }
}

// Plugins may bundle their own copy of the engine, so an instance of another copy's Inlet counts too.
function isEngineNode(value: object): boolean {
  return 'lifecycle' in value && typeof (value as { lifecycle?: { acquire?: unknown } }).lifecycle?.acquire === 'function';
}

/** Returns what `create` returned as an Inlet, or undefined when it is neither an Inlet nor has `pull`. */
export function toInlet(nodeId: string, value: unknown): Inlet | undefined {
  if (value instanceof Inlet) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  if (isEngineNode(value) && typeof (value as Inlet).pull === 'function') return value as Inlet;
  if (typeof (value as PlainInlet).pull === 'function') return new PlainInletAdapter(nodeId, value as PlainInlet);
  return undefined;
}

/** Returns what `create` returned as an Outlet, or undefined when it is neither an Outlet nor has `push`. */
export function toOutlet(nodeId: string, value: unknown): Outlet | undefined {
  if (value instanceof Outlet) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  if (isEngineNode(value) && typeof (value as Outlet).push === 'function') return value as Outlet;
  if (typeof (value as PlainOutlet).push === 'function') return new PlainOutletAdapter(nodeId, value as PlainOutlet);
  return undefined;
}

/** Makes the node's shutdown abort `controller` first, so reads and requests still open stop. */
export function abortOnShutdown(node: Inlet | Outlet, controller: AbortController): void {
  const original = node.onShutdown;
  node.onShutdown = async function abortThenShutDown(this: Inlet | Outlet) {
    controller.abort();
    await original?.call(node);
  };
}
