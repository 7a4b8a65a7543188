import schedule, { type Job } from 'node-schedule';
import { gridTime, nextGridPoint } from './grid.js';

interface GridEntry<T> {
  readonly item: T;
  readonly anchorMs: number;
  readonly intervalMs: number;
  index: number;
  atMs: number;
}

interface Slot<T> {
  readonly job: Job;
  readonly entries: Set<GridEntry<T>>;
}

export interface GridSchedulerHandlers<T> {
  /** Called from the timer callback for every item due at `scheduledAtMs`. Must return fast. */
  onDue(item: T, scheduledAtMs: number): void;
  /** Called when the process was blocked past `missed` grid points of an item, the first at `firstMissedAtMs`. */
  onMissed(item: T, missed: number, firstMissedAtMs: number): void;
  /** Called when `onDue` or `onMissed` threw; the scheduler goes on with the other items. */
  onError(item: T, error: unknown): void;
}

/**
 * Fires items on fixed time grids with node-schedule. Items due at the same millisecond share
 * one node-schedule job, so a thousand links started together cost one timer per tick, not a
 * thousand. node-schedule waits with long-timeout, so intervals beyond setTimeout's 24.8-day
 * limit work.
 */
export class GridScheduler<T> {
  private readonly entries = new Map<T, GridEntry<T>>();
  private readonly slots = new Map<number, Slot<T>>();

  constructor(private readonly handlers: GridSchedulerHandlers<T>) {}

  get size(): number {
    return this.entries.size;
  }

  /** Schedules `item` at `anchorMs + k * intervalMs` for k = 1, 2, ...; the anchor itself is not a tick. */
  add(item: T, anchorMs: number, intervalMs: number): void {
    this.remove(item);
    const entry: GridEntry<T> = { item, anchorMs, intervalMs, index: 0, atMs: anchorMs };
    this.entries.set(item, entry);
    this.place(entry, Date.now(), false);
  }

  remove(item: T): void {
    const entry = this.entries.get(item);
    if (!entry) return;
    this.entries.delete(item);
    this.unplace(entry);
  }

  clear(): void {
    for (const slot of this.slots.values()) slot.job.cancel();
    this.slots.clear();
    this.entries.clear();
  }

  /** Epoch milliseconds of the item's next tick, or undefined when it is not scheduled. */
  nextAt(item: T): number | undefined {
    return this.entries.get(item)?.atMs;
  }

  /** @internal The node-schedule job that will fire the item's next tick. */
  jobFor(item: T): Job | undefined {
    const entry = this.entries.get(item);
    return entry ? this.slots.get(entry.atMs)?.job : undefined;
  }

  private fire(atMs: number): void {
    const slot = this.slots.get(atMs);
    if (!slot) return;
    this.slots.delete(atMs);

    // Start every due item first, so the last one is not delayed by rescheduling the others.
    const due = [...slot.entries];
    for (const entry of due) {
      try {
        this.handlers.onDue(entry.item, atMs);
      } catch (error) {
        this.handlers.onError(entry.item, error);
      }
    }

    const nowMs = Date.now();
    for (const entry of due) {
      // onDue may have removed the item, or removed and added it again.
      if (this.entries.get(entry.item) === entry) this.place(entry, nowMs, true);
    }
  }

  private place(entry: GridEntry<T>, nowMs: number, reportMissed: boolean): void {
    let point = nextGridPoint(entry.anchorMs, entry.intervalMs, entry.index, nowMs);
    let slot = this.slotAt(point.atMs);

    // node-schedule drops a date that passed while we computed it; take the next grid point then.
    while (!slot) {
      point = nextGridPoint(entry.anchorMs, entry.intervalMs, point.index, Date.now());
      point = { ...point, missed: point.index - entry.index - 1 };
      slot = this.slotAt(point.atMs);
    }

    const previousIndex = entry.index;
    entry.index = point.index;
    entry.atMs = point.atMs;
    slot.entries.add(entry);

    if (reportMissed && point.missed > 0) {
      const firstMissedAtMs = gridTime(entry.anchorMs, entry.intervalMs, previousIndex + 1);
      try {
        this.handlers.onMissed(entry.item, point.missed, firstMissedAtMs);
      } catch (error) {
        this.handlers.onError(entry.item, error);
      }
    }
  }

  private unplace(entry: GridEntry<T>): void {
    const slot = this.slots.get(entry.atMs);
    if (!slot) return;
    slot.entries.delete(entry);
    if (slot.entries.size === 0) {
      slot.job.cancel();
      this.slots.delete(entry.atMs);
    }
  }

  /** Returns the slot firing at `atMs`, creating its job; undefined when that time already passed. */
  private slotAt(atMs: number): Slot<T> | undefined {
    const existing = this.slots.get(atMs);
    if (existing) return existing;

    const job = schedule.scheduleJob(new Date(atMs), () => this.fire(atMs));
    if (!job) return undefined;

    const slot: Slot<T> = { job, entries: new Set() };
    this.slots.set(atMs, slot);
    return slot;
  }
}
