import type { DataRecord } from './record.js';
import { NodeLifecycle } from './lifecycle.js';
import type { Update } from './update.js';

/**
 * Reshapes records on their way: sync or async, records in, records out. A processor that holds
 * records across transfers, such as a buffer, has `flush`: a link calls it on a graceful shutdown
 * and sends what it returns through the steps after it to the outlets. With `restore`, it takes
 * back what it flushed when those records did not reach an outlet.
 */
export type Processor = ((records: DataRecord[], update: Update) => DataRecord[] | Promise<DataRecord[]>) & {
  flush?: () => DataRecord[] | Promise<DataRecord[]>;
  restore?: (records: DataRecord[]) => void | Promise<void>;
};

/** Splits or merges batches of records; each resulting batch is pushed on its own. */
export type Grouper = (batches: DataRecord[][], update: Update) => DataRecord[][] | Promise<DataRecord[][]>;

export interface OutletOptions {
  /** Run in order on the records of this outlet only, before `push`. */
  processors?: Processor[];
  /** Name used in logs and events. Defaults to the class name. */
  name?: string;
}

/** A destination of records. Subclass it and implement `push`. */
export abstract class Outlet {
  readonly name: string;
  readonly processors: Processor[];
  /** @internal Counts the links using this outlet so that onStart/onShutdown run once. */
  readonly lifecycle: NodeLifecycle;

  constructor(options: OutletOptions = {}) {
    this.name = options.name ?? this.constructor.name;
    this.processors = [...(options.processors ?? [])];
    this.lifecycle = new NodeLifecycle(
      () => this.onStart?.(),
      () => this.onShutdown?.(),
    );
  }

  /** Consumes one batch of records of a transfer. */
  abstract push(records: DataRecord[], update: Update): void | Promise<void>;

  /** Runs once before the outlet's first transfer. */
  onStart?(): void | Promise<void>;

  /** Runs once after the outlet's last transfer. */
  onShutdown?(): void | Promise<void>;

  toString(): string {
    return this.name;
  }
}
