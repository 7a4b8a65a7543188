import { DEFAULT_MAX_CONCURRENT, type OverlapPolicy } from '@databay-studio/shared';

/** Outcome of one tick of a link's schedule. */
export type TickOutcome = 'start' | 'queue' | 'skip';

/**
 * Applies a link's overlap policy to the ticks of its schedule and counts its running transfers.
 * Call `tick()` when a tick comes and `finish()` when a transfer it started ends.
 *
 * - `skip`: a tick while a transfer runs is dropped.
 * - `queue`: a tick while a transfer runs waits, but at most one; later ones are dropped.
 * - `parallel`: a tick starts a transfer while fewer than `maxConcurrent` run (default 2).
 */
export class OverlapGate {
  private runningCount = 0;
  private waitingCount = 0;
  readonly policy: OverlapPolicy;
  readonly maxConcurrent: number;

  constructor(config: { overlap?: OverlapPolicy; maxConcurrent?: number } = {}) {
    this.policy = config.overlap ?? 'skip';
    this.maxConcurrent = this.policy === 'parallel' ? (config.maxConcurrent ?? DEFAULT_MAX_CONCURRENT) : 1;
    if (!Number.isInteger(this.maxConcurrent) || this.maxConcurrent < 1) {
      throw new RangeError(`Invalid maxConcurrent ${String(config.maxConcurrent)}: use a whole number of 1 or more.`);
    }
  }

  /** Number of transfers started through the gate that have not finished. */
  get running(): number {
    return this.runningCount;
  }

  /** Number of ticks waiting to start: 0 or 1, and only with the `queue` policy. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** Decides what a tick does; a `start` counts as running until `finish()`. */
  tick(): TickOutcome {
    if (this.runningCount < this.maxConcurrent) {
      this.runningCount += 1;
      return 'start';
    }
    if (this.policy === 'queue' && this.waitingCount === 0) {
      this.waitingCount = 1;
      return 'queue';
    }
    return 'skip';
  }

  /**
   * Records the end of a transfer. Returns true when a waiting tick should start now; it then
   * counts as running in place of the one that ended.
   */
  finish(): boolean {
    if (this.runningCount === 0) throw new Error('OverlapGate.finish() was called with no transfer running.');

    if (this.waitingCount > 0) {
      this.waitingCount = 0;
      return true;
    }
    this.runningCount -= 1;
    return false;
  }

  /** Drops a waiting tick, e.g. when the link shuts down. Returns true when one was waiting. */
  dropWaiting(): boolean {
    const hadWaiting = this.waitingCount > 0;
    this.waitingCount = 0;
    return hadWaiting;
  }
}
