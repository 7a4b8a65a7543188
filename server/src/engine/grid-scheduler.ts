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
  /** Timer that wakes up shortly before the slot's time; see `wakeEarly`. */
  early: ReturnType<typeof setTimeout> | undefined;
}

/**
 * How long before a slot's time the process wakes up. A timer callback runs after its
 * time (about 1.5 ms late on average in the schedule benchmark), and every link due in the slot
 * would start that much late.
 */
const WAKE_LEAD_MS = 2;
/** Step of the final wait, once less than a millisecond is left. */
const WAIT_STEP_MS = 0.05;
/** setTimeout's longest delay; longer waits are left to node-schedule alone. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** Blocks the thread without using a core: Atomics.wait on a value that never changes. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

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
    for (const slot of this.slots.values()) {
      slot.job.cancel();
      clearTimeout(slot.early);
    }
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
    clearTimeout(slot.early);
    slot.early = undefined;

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
      clearTimeout(slot.early);
      this.slots.delete(entry.atMs);
    }
  }

  /** Returns the slot firing at `atMs`, creating its job; undefined when that time already passed. */
  private slotAt(atMs: number): Slot<T> | undefined {
    const existing = this.slots.get(atMs);
    if (existing) return existing;

    const job = schedule.scheduleJob(new Date(atMs), () => this.fire(atMs));
    if (!job) return undefined;

    const slot: Slot<T> = { job, entries: new Set(), early: undefined };
    this.slots.set(atMs, slot);
    this.armEarly(slot, atMs, atMs - Date.now());
    return slot;
  }

  private armEarly(slot: Slot<T>, atMs: number, remainingMs: number): void {
    const delayMs = remainingMs - WAKE_LEAD_MS;
    if (delayMs <= 0 || delayMs > MAX_TIMEOUT_MS) return;
    slot.early = setTimeout(() => this.wakeEarly(atMs), delayMs);
    // The node-schedule job keeps the process alive; this timer only makes it punctual.
    slot.early.unref();
  }

  /**
   * Runs shortly before a slot's time and blocks until Date.now() reaches it, so the slot fires
   * on time instead of a timer's wake-up later. Never fires early: when the wait runs out first,
   * as under fake timers, the node-schedule job fires the slot as before.
   */
  private wakeEarly(atMs: number): void {
    const slot = this.slots.get(atMs);
    if (!slot) return;
    slot.early = undefined;

    let remainingMs = atMs - Date.now();
    // A timer may run early by the event loop's cached time; wait with a timer again then.
    if (remainingMs > WAKE_LEAD_MS + 1) {
      this.armEarly(slot, atMs, remainingMs);
      return;
    }
    let budgetMs = WAKE_LEAD_MS + 1;
    while (remainingMs > 0) {
      if (budgetMs <= 0) return;
      // Date.now() counts whole milliseconds: sleep all but the last one, then in short steps.
      const stepMs = remainingMs > 1 ? remainingMs - 1 : WAIT_STEP_MS;
      Atomics.wait(sleeper, 0, 0, stepMs);
      budgetMs -= stepMs;
      remainingMs = atMs - Date.now();
    }

    slot.job.cancel();
    this.fire(atMs);
  }
}
