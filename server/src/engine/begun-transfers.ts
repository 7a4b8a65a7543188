import type { Link, TransferResult } from './link.js';
import type { Update } from './update.js';

/** The part of a link that continues a transfer it began for a planner's tick. */
interface Continuable {
  readonly logger: Link['logger'];
  continueBegun(update: Update, startedAtMs: number, pulled: unknown, threw: boolean): Promise<TransferResult>;
}

/**
 * Transfers whose pulls one timer callback has started, waiting for the rest of their steps.
 * The lists are kept in parallel and reused, so beginning a transfer allocates nothing here and
 * a scavenge is less likely to fall between two links' pulls.
 */
export class BegunTransfers {
  private count = 0;
  private readonly links: Continuable[] = [];
  private readonly updates: (Update | undefined)[] = [];
  private readonly startedAtMs: number[] = [];
  private readonly pulled: unknown[] = [];
  private readonly threw: boolean[] = [];

  get size(): number {
    return this.count;
  }

  /**
   * Adds a begun transfer with what its only inlet's `pull` returned, or threw when `threw` is
   * true. A link with several inlets passes its transfer's context instead.
   */
  add(link: Continuable, update: Update, startedAtMs: number, pulled: unknown, threw: boolean): void {
    const index = this.count;
    this.count += 1;
    this.links[index] = link;
    this.updates[index] = update;
    this.startedAtMs[index] = startedAtMs;
    this.pulled[index] = pulled;
    this.threw[index] = threw;
  }

  /** Continues every begun transfer, in the order they began, then empties the lists. */
  continueAll(onFailure: (error: unknown) => void): void {
    const count = this.count;
    this.count = 0;
    for (let index = 0; index < count; index += 1) {
      const link = this.links[index];
      try {
        link.continueBegun(this.updates[index]!, this.startedAtMs[index], this.pulled[index], this.threw[index]).then(undefined, onFailure);
      } catch (error) {
        // NOTE: continueBegun only builds objects and promise chains, so this is not expected; if
        // it happens, the link keeps counting that transfer as running.
        link.logger.error({ err: error }, 'continuing a scheduled transfer failed; scheduling goes on');
      }
      // Let go of the pulled values, which may be large, before the next tick.
      this.pulled[index] = undefined;
      this.updates[index] = undefined;
    }
  }
}
