import schedule, { type Job } from 'node-schedule';

export interface FireTimeHandlers<T> {
  /** Returns the item's first fire time after `afterMs`, or undefined when its schedule is over. */
  nextAfter(item: T, afterMs: number): number | undefined;
  /** Called from the timer callback for every item due at `scheduledAtMs`. Must return fast. */
  onDue(item: T, scheduledAtMs: number): void;
  /** Called once when the item's schedule has no fire time left; the item is then unscheduled. */
  onEnded(item: T): void;
  /** Called when a handler threw; the scheduler goes on with the other items. */
  onError(item: T, error: unknown): void;
}

interface Slot<T> {
  job: Job;
  items: Set<T>;
}

/**
 * Fires items at the times their schedules compute, one at a time: each fire arms a node-schedule
 * Date job for the next fire time after it. Used for cron schedules, whose fire times do not lie
 * on a fixed grid, and for schedules with a startAt/endAt window. Items due at the same
 * millisecond share one job, like the grid scheduler's.
 */
export class FireTimeScheduler<T> {
  private readonly slots = new Map<number, Slot<T>>();
  private readonly nextOf = new Map<T, number>();

  constructor(private readonly handlers: FireTimeHandlers<T>) {}

  /** Schedules the item from its first fire time after `fromMs`. */
  add(item: T, fromMs: number): void {
    this.remove(item);
    this.arm(item, fromMs);
  }

  remove(item: T): void {
    const atMs = this.nextOf.get(item);
    if (atMs === undefined) return;
    this.nextOf.delete(item);
    const slot = this.slots.get(atMs);
    if (!slot) return;
    slot.items.delete(item);
    if (slot.items.size === 0) {
      slot.job.cancel();
      this.slots.delete(atMs);
    }
  }

  clear(): void {
    for (const slot of this.slots.values()) slot.job.cancel();
    this.slots.clear();
    this.nextOf.clear();
  }

  /** Epoch milliseconds of the item's next fire, or undefined when it is not scheduled. */
  nextAt(item: T): number | undefined {
    return this.nextOf.get(item);
  }

  private fire(atMs: number): void {
    const slot = this.slots.get(atMs);
    if (!slot) return;
    this.slots.delete(atMs);

    const due = [...slot.items];
    for (const item of due) this.nextOf.delete(item);
    // Armed before the items run, so an onDue that removes its item also cancels the next fire.
    for (const item of due) this.arm(item, atMs);
    for (const item of due) {
      try {
        this.handlers.onDue(item, atMs);
      } catch (error) {
        this.handlers.onError(item, error);
      }
    }
  }

  private arm(item: T, afterMs: number): void {
    let after = afterMs;
    for (;;) {
      let atMs: number | undefined;
      try {
        atMs = this.handlers.nextAfter(item, after);
      } catch (error) {
        this.handlers.onError(item, error);
        return;
      }
      if (atMs === undefined) {
        this.safely(item, () => this.handlers.onEnded(item));
        return;
      }

      const slot = this.slotAt(atMs);
      if (slot) {
        slot.items.add(item);
        this.nextOf.set(item, atMs);
        return;
      }
      // node-schedule drops a date that already passed, e.g. after the process was blocked:
      // the missed fire times are skipped and the next one after now is taken.
      after = Math.max(atMs, Date.now());
    }
  }

  private slotAt(atMs: number): Slot<T> | undefined {
    const existing = this.slots.get(atMs);
    if (existing) return existing;
    const job = schedule.scheduleJob(new Date(atMs), () => this.fire(atMs));
    if (!job) return undefined;
    const slot: Slot<T> = { job, items: new Set() };
    this.slots.set(atMs, slot);
    return slot;
  }

  private safely(item: T, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.handlers.onError(item, error);
    }
  }
}
