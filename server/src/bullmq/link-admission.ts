import type { Link } from '../engine/link.js';
import { decideTick, type PlannerOverlapPolicy } from '../engine/overlap.js';

/** Whether a transfer job runs its transfer now or completes without one. */
export type Admission = 'start' | 'skip';

/**
 * Applies the overlap policy to the transfer jobs that one worker process runs at the same time.
 * A link with its own `overlap` of 'queue' or 'parallel' goes through its OverlapGate; any other
 * link follows the worker's policy ('skip'). Every 'start' must be followed by `finish(link)`.
 *
 * This class judges overlap within one process. For a 'skip' link the TransferWorker also takes
 * a lock in Redis (see LinkLocks), but 'queue' and 'parallel' links are counted per process
 * only, so two worker processes can each run transfers of such a link at once.
 */
export class LinkAdmission {
  /** Transfers admitted per link without a gate; counted here because `link.running` only turns true once the transfer began. */
  private readonly admitted = new Map<Link, number>();
  /** The one job per 'queue' link that waits for the running transfer to end. */
  private readonly waiting = new Map<Link, (admission: Admission) => void>();

  constructor(private readonly policy: PlannerOverlapPolicy) {}

  /**
   * Decides a job's transfer. Returns at once, except for a 'queue' link with a transfer
   * running: then the promise resolves when that transfer ends, or with 'skip' when the
   * waiting job is dropped.
   */
  admit(link: Link): Admission | Promise<Admission> {
    const gate = link.overlapGate;
    if (gate === undefined) {
      const count = this.admitted.get(link) ?? 0;
      if (decideTick(this.policy, link.running || count > 0) === 'skip') return 'skip';
      this.admitted.set(link, count + 1);
      return 'start';
    }

    const outcome = gate.tick();
    if (outcome !== 'queue') return outcome;
    return new Promise<Admission>((resolve) => this.waiting.set(link, resolve));
  }

  /** Records the end of an admitted transfer, and lets the waiting job of a 'queue' link start. */
  finish(link: Link): void {
    const gate = link.overlapGate;
    if (gate === undefined) {
      const count = (this.admitted.get(link) ?? 1) - 1;
      if (count > 0) this.admitted.set(link, count);
      else this.admitted.delete(link);
      return;
    }

    if (!gate.finish()) return;
    const wake = this.waiting.get(link);
    this.waiting.delete(link);
    // The gate counts the waiting job as running now, so it runs and later calls finish() itself.
    wake?.('start');
  }

  /** Drops the waiting jobs of the given links (default: all); they complete as skipped. */
  dropWaiting(links?: Iterable<Link>): void {
    for (const link of links ?? [...this.waiting.keys()]) {
      const wake = this.waiting.get(link);
      if (wake === undefined) continue;
      this.waiting.delete(link);
      link.overlapGate?.dropWaiting();
      wake('skip');
    }
  }
}
