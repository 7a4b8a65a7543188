// Small real inlets and outlets for the engine's tests, plus a logger whose lines can be read.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { Inlet, type InletOptions, type PullResult } from '../inlet.js';
import { Outlet, type OutletOptions } from '../outlet.js';
import type { DataRecord } from '../record.js';
import type { Update } from '../update.js';

/** Counts onStart and onShutdown calls, and records the order of every hook and step by name. */
export class Journal {
  readonly entries: string[] = [];

  add(entry: string): void {
    this.entries.push(entry);
  }

  count(entry: string): number {
    return this.entries.filter((candidate) => candidate === entry).length;
  }
}

export interface ValueInletOptions extends InletOptions {
  /** Returned by every pull; a function is called with the update. */
  value?: PullResult | ((update: Update) => PullResult);
  /** Milliseconds each pull waits before returning. */
  delayMs?: number;
  /** Error thrown by every pull. */
  error?: Error;
  startError?: Error;
  journal?: Journal;
}

/** An inlet that returns a fixed value, optionally after a delay, and tracks concurrent pulls. */
export class ValueInlet extends Inlet {
  pulls = 0;
  active = 0;
  maxActive = 0;
  readonly updates: string[] = [];

  constructor(private readonly opts: ValueInletOptions = {}) {
    super(opts);
  }

  async pull(update: Update): Promise<PullResult> {
    this.pulls += 1;
    this.updates.push(update.toString());
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.opts.journal?.add(`pull:${this.name}:start`);
    try {
      if (this.opts.delayMs) await sleep(this.opts.delayMs);
      if (this.opts.error) throw this.opts.error;
      const value = this.opts.value;
      return typeof value === 'function' ? (value as (update: Update) => PullResult)(update) : value;
    } finally {
      this.active -= 1;
      this.opts.journal?.add(`pull:${this.name}:end`);
    }
  }

  override onStart(): void {
    this.opts.journal?.add(`start:${this.name}`);
    if (this.opts.startError) throw this.opts.startError;
  }

  override onShutdown(): void {
    this.opts.journal?.add(`shutdown:${this.name}`);
  }
}

export interface CollectOutletOptions extends OutletOptions {
  delayMs?: number;
  error?: Error;
  journal?: Journal;
  /** Called on each pushed batch before it is stored, e.g. to mutate it. */
  onPush?: (records: DataRecord[]) => void;
}

/** An outlet that keeps every batch it receives. */
export class CollectOutlet extends Outlet {
  readonly batches: DataRecord[][] = [];

  constructor(private readonly opts: CollectOutletOptions = {}) {
    super(opts);
  }

  get records(): DataRecord[] {
    return this.batches.flat();
  }

  async push(records: DataRecord[], _update: Update): Promise<void> {
    this.opts.journal?.add(`push:${this.name}:start`);
    if (this.opts.delayMs) await sleep(this.opts.delayMs);
    if (this.opts.error) throw this.opts.error;
    this.opts.onPush?.(records);
    this.batches.push(records);
    this.opts.journal?.add(`push:${this.name}:end`);
  }

  override onStart(): void {
    this.opts.journal?.add(`start:${this.name}`);
  }

  override onShutdown(): void {
    this.opts.journal?.add(`shutdown:${this.name}`);
  }
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Creates a pino logger at 'debug' that keeps its lines in memory instead of printing them. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString().split('\n')) {
        if (text) lines.push(JSON.parse(text) as LogLine);
      }
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export const silentLogger: Logger = pino({ level: 'silent' });

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds, checking every 5 ms; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}
