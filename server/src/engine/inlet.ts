import { DataRecord, INLET_METADATA_KEY, type Metadata } from './record.js';
import { NodeLifecycle } from './lifecycle.js';
import type { Update } from './update.js';

export interface InletOptions {
  /** Merged into every record's metadata; a record's own metadata wins on the same key. */
  metadata?: Metadata;
  /** Name used in `metadata.__inlet__`, logs and events. Defaults to the class name. */
  name?: string;
}

/** What `pull` may return: nothing, a value, an array of values, a record, or an array of records. */
export type PullResult = unknown;

/** A source of records. Subclass it and implement `pull`. */
export abstract class Inlet {
  readonly name: string;
  readonly metadata: Metadata;
  /** @internal Counts the links using this inlet so that onStart/onShutdown run once. */
  readonly lifecycle: NodeLifecycle;

  constructor(options: InletOptions = {}) {
    this.name = options.name ?? this.constructor.name;
    this.metadata = { ...(options.metadata ?? {}) };
    this.lifecycle = new NodeLifecycle(
      () => this.onStart?.(),
      () => this.onShutdown?.(),
    );
  }

  /** Produces this transfer's data. Plain values are wrapped with `newRecord`. */
  abstract pull(update: Update): PullResult | Promise<PullResult>;

  /**
   * Produces this transfer's data in batches, each one anything `pull` may return. A link with
   * `streamBatches` calls it instead of `pull` and pushes each batch before asking for the next,
   * so a large read never sits in memory whole. Optional: for an inlet without it, such a link
   * takes what `pull` returns as one batch.
   */
  pullBatches?(update: Update): AsyncIterable<PullResult>;

  /** Runs once before the inlet's first transfer. */
  onStart?(): void | Promise<void>;

  /** Runs once after the inlet's last transfer. */
  onShutdown?(): void | Promise<void>;

  /** Creates a record carrying this inlet's metadata, the given metadata over it, and `__inlet__`. */
  newRecord<P>(payload: P, metadata: Metadata = {}): DataRecord<P> {
    return new DataRecord(payload, { ...this.metadata, ...metadata, [INLET_METADATA_KEY]: this.name });
  }

  /** Turns a `pull` result into records, merging this inlet's metadata into records it returned. */
  toRecords(result: PullResult): DataRecord[] {
    if (result === undefined || result === null) return [];
    if (!Array.isArray(result)) return [this.toRecord(result)];
    return result.map((item) => this.toRecord(item));
  }

  private toRecord(item: unknown): DataRecord {
    return item instanceof DataRecord ? this.newRecord(item.payload, item.metadata) : this.newRecord(item);
  }

  toString(): string {
    return this.name;
  }
}
