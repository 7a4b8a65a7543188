import type { Logger } from 'pino';
import { z } from 'zod';
import { DataRecord, type Metadata } from '../engine/record.js';
import { defineProcessor, nameFunction } from './define-processor.js';
import { processorStateKey, type ProcessorStateStore } from './state-store.js';

export const BUFFER_MODES = ['any', 'all'] as const;
export type BufferMode = (typeof BUFFER_MODES)[number];

export const bufferConfigSchema = z
  .object({
    countThreshold: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Release the held records once at least this many are held.'),
    timeThreshold: z
      .number()
      .positive()
      .optional()
      .describe('Release the held records once the oldest has been held this many milliseconds.'),
    mode: z
      .enum(BUFFER_MODES)
      .default('any')
      .describe('"any": either threshold releases the records; "all": every threshold set must be reached.'),
  })
  .refine((config) => config.countThreshold !== undefined || config.timeThreshold !== undefined, {
    message: 'A buffer needs countThreshold, timeThreshold or both: set at least one.',
    path: ['countThreshold'],
  });

export type BufferConfig = z.output<typeof bufferConfigSchema>;

/** A held record as stored: payload and metadata as JSON, and when the buffer took it (epoch ms). */
interface HeldRecord {
  payload: unknown;
  metadata: Metadata;
  heldAt: number;
}

export interface RecordBufferOptions extends BufferConfig {
  /** Store that keeps held records through a crash; without it they live in memory only. */
  store?: ProcessorStateStore;
  /** Store key of this buffer, from `processorStateKey`. */
  storeKey?: string;
  now?: () => number;
  logger?: Logger;
}

/**
 * Holds records across transfers until a count or an age threshold is reached, then releases all
 * of them at once, oldest first. Thresholds are checked when records come in, at each transfer, so
 * a time threshold releases at the first transfer after it is reached.
 *
 * Every change is saved to the store, so records held when the process crashes are held again by
 * the buffer that loads the same key after a restart.
 */
export class RecordBuffer {
  private held: HeldRecord[] = [];
  private loaded = false;
  private readonly now: () => number;

  constructor(private readonly options: RecordBufferOptions) {
    this.now = options.now ?? Date.now;
    if (options.countThreshold === undefined && options.timeThreshold === undefined) {
      throw new Error('A buffer needs countThreshold, timeThreshold or both: set at least one.');
    }
  }

  /** Number of records held now. */
  get size(): number {
    this.loadStored();
    return this.held.length;
  }

  /** Adds records and returns everything held when a threshold is reached, or nothing. */
  process(records: DataRecord[]): DataRecord[] {
    this.loadStored();
    const heldAt = this.now();
    for (const record of records) {
      this.held.push({ payload: record.payload, metadata: record.metadata, heldAt });
    }

    if (!this.isReleaseDue()) {
      if (records.length > 0) this.persist();
      return [];
    }
    return this.releaseAll('threshold reached');
  }

  /** Returns all held records and empties the buffer, e.g. when the link shuts down. */
  flush(): DataRecord[] {
    this.loadStored();
    if (this.held.length === 0) return [];
    return this.releaseAll('flushed');
  }

  /**
   * Holds records again that a flush released but could not deliver, ahead of any held since,
   * and saves them, so that the next start releases them again.
   */
  restore(records: DataRecord[]): void {
    this.loadStored();
    if (records.length === 0) return;
    const heldAt = this.now();
    const returned = records.map((record) => ({ payload: record.payload, metadata: record.metadata, heldAt }));
    this.held = [...returned, ...this.held];
    this.persist();
    this.options.logger?.info({ count: records.length }, 'buffer holds undelivered records again');
  }

  /** Tells whether the thresholds release the held records now. */
  isReleaseDue(): boolean {
    this.loadStored();
    if (this.held.length === 0) return false;

    const checks: boolean[] = [];
    if (this.options.countThreshold !== undefined) checks.push(this.held.length >= this.options.countThreshold);
    if (this.options.timeThreshold !== undefined) {
      checks.push(this.now() - this.held[0]!.heldAt >= this.options.timeThreshold);
    }
    return this.options.mode === 'all' ? checks.every(Boolean) : checks.some(Boolean);
  }

  private releaseAll(reason: string): DataRecord[] {
    const released = this.held.map((held) => new DataRecord(held.payload, held.metadata));
    this.held = [];
    this.persist();
    this.options.logger?.debug({ count: released.length, reason }, 'buffer released records');
    return released;
  }

  /**
   * Loads the held records from the store on first use rather than in the constructor. A redeploy
   * creates the new buffer while the old one still has records, and the old one releases them on
   * its graceful stop, so loading them early would release them twice.
   */
  private loadStored(): void {
    if (this.loaded) return;
    this.loaded = true;
    const { store, storeKey } = this.options;
    if (!store || storeKey === undefined) return;

    const stored = store.load(storeKey);
    if (!Array.isArray(stored)) return;
    this.held = stored as HeldRecord[];
    if (this.held.length > 0) {
      this.options.logger?.info({ count: this.held.length, storeKey }, 'buffer restored held records');
    }
  }

  private persist(): void {
    const { store, storeKey } = this.options;
    if (!store || storeKey === undefined) return;

    // NOTE: payloads are stored as JSON, so after a restart a Date comes back as a string and a
    // Buffer as { type, data }. Records that never leave memory keep their types.
    // NOTE: each save writes every held record, so a buffer that holds n records costs O(n) per
    // transfer; an append-only table would fix that if buffers of 100,000s of records appear.
    if (this.held.length === 0) store.delete(storeKey);
    else store.save(storeKey, this.held);
  }
}

/** Databay's Buffer as a node type: holds records across transfers until a threshold releases them. */
export const bufferProcessor = defineProcessor({
  type: 'buffer',
  label: 'Buffer',
  category: 'Processors',
  description:
    'Holds records across transfers until enough are held or the oldest is old enough, then releases them all. Held records survive a restart.',
  config: bufferConfigSchema,
  create(config, context) {
    const buffer = new RecordBuffer({
      ...config,
      store: context.stateStore,
      storeKey: processorStateKey(context),
      now: context.now,
      logger: context.logger,
    });

    const process = (records: DataRecord[]): DataRecord[] => buffer.process(records);
    return { process: nameFunction(process, 'buffer'), flush: () => buffer.flush(), restore: (records) => buffer.restore(records) };
  },
});
