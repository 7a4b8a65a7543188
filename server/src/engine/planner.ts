import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { toError } from './errors.js';
import type { PlannerEvents } from './events.js';
import type { OverlapGate } from '../schedule/overlap-gate.js';
import { FireTimeScheduler } from './fire-time-scheduler.js';
import { GridScheduler } from './grid-scheduler.js';
import { BegunTransfers } from './begun-transfers.js';
import type { Link, TransferResult } from './link.js';
import { engineLogger } from './logger.js';
import { decideTick, type PlannerOverlapPolicy } from './overlap.js';
import { emitSafely } from './emit-safely.js';

export interface NodeSchedulePlannerOptions {
  links?: Link[];
  /** Log a failed transfer and keep scheduling. When false (the default), a failed transfer shuts the planner down. */
  ignoreExceptions?: boolean;
  /** Run a transfer of each link whose own option is on as soon as the planner starts. Default true. */
  immediateTransfer?: boolean;
  /** Policy for a tick that comes while the link's previous transfer still runs. Default 'skip'. */
  overlap?: PlannerOverlapPolicy;
  /** Parent of the planner's logger. Default: the engine's logger. */
  logger?: Logger;
}

export interface ShutdownOptions {
  /** Wait for running transfers before the nodes' onShutdown. Default true. */
  wait?: boolean;
}

type PlannerState = 'stopped' | 'starting' | 'running' | 'stopping';

/** Link ids listed in the log line about missed ticks; the line also gives the total count. */
const MISSED_REPORT_LINK_IDS = 10;

const schedulers = new WeakMap<NodeSchedulePlanner, GridScheduler<Link>>();

/**
 * Runs each link's transfers on a fixed grid from the moment it was started: start + k * interval.
 * The planner only decides when; the link runs the transfer. One node-schedule job serves every
 * link due at the same millisecond.
 */
export class NodeSchedulePlanner extends EventEmitter<PlannerEvents> {
  readonly ignoreExceptions: boolean;
  readonly immediateTransfer: boolean;
  readonly overlap: PlannerOverlapPolicy;
  readonly logger: Logger;

  private readonly linkSet = new Set<Link>();
  private readonly scheduler: GridScheduler<Link>;
  /** Links with a cron schedule or a startAt/endAt window, timed from their fire times. */
  private readonly fireTimes: FireTimeScheduler<Link>;
  /** Scheduled time of the tick each `queue` link keeps waiting. */
  private readonly queuedAt = new Map<Link, number>();
  private state: PlannerState = 'stopped';
  private stopping: Promise<void> | undefined;
  /** Links started by this planner and not yet shut down by it. */
  private readonly startedLinks = new Set<Link>();
  /** Ticks skipped in a row per link because its previous transfer was still running. */
  private readonly overlapRuns = new Map<Link, number>();
  /** Links that missed ticks in the current timer callback, logged as one line. */
  private missedReport: { linkIds: string[]; links: number; maxMissedTicks: number } | undefined;
  /** Transfers whose pulls a tick started, continued in one microtask after the timer callback. */
  private readonly begun = new BegunTransfers();
  private readonly continueBegun = (): void => this.begun.continueAll(this.handleTransferFailure);
  /** Bound once, because every scheduled transfer attaches it. */
  private readonly handleTransferFailure = (error: unknown): void => this.onTransferFailed(toError(error));

  constructor(options: NodeSchedulePlannerOptions = {}) {
    super();
    this.ignoreExceptions = options.ignoreExceptions ?? false;
    this.immediateTransfer = options.immediateTransfer ?? true;
    this.overlap = options.overlap ?? 'skip';
    this.logger = (options.logger ?? engineLogger).child({ component: 'planner' });
    this.scheduler = new GridScheduler<Link>({
      onDue: (link, atMs) => this.onTick(link, atMs),
      onMissed: (link, missed, firstMissedAtMs) => this.onMissed(link, missed, firstMissedAtMs),
      onError: (link, error) => link.logger.error({ err: error }, 'handling a scheduled tick failed; scheduling goes on'),
    });
    schedulers.set(this, this.scheduler);
    this.fireTimes = new FireTimeScheduler<Link>({
      nextAfter: (link, afterMs) => link.nextFireTime(new Date(afterMs))?.getTime(),
      onDue: (link, atMs) => this.onTick(link, atMs),
      onEnded: (link) => link.logger.info({ endAt: link.schedule.endAt }, 'schedule has no fire time left; the link runs no more transfers'),
      onError: (link, error) => link.logger.error({ err: error }, 'handling a scheduled tick failed; scheduling goes on'),
    });

    for (const link of options.links ?? []) this.attach(link);
  }

  /** True from `start()` until `shutdown()` begins. */
  get running(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  get links(): Link[] {
    return [...this.linkSet];
  }

  /** Time of the link's next scheduled transfer, or undefined when it is not scheduled. */
  nextTransferAt(link: Link): Date | undefined {
    const atMs = link.usesFireTimes ? this.fireTimes.nextAt(link) : this.scheduler.nextAt(link);
    return atMs === undefined ? undefined : new Date(atMs);
  }

  /**
   * Adds links. While the planner runs, they are started, get their immediate transfer and are
   * scheduled from now; the promise resolves then. It never rejects: failures are logged and
   * emitted, and without `ignoreExceptions` a link whose onStart failed is not added.
   */
  async addLinks(links: Link | Link[]): Promise<void> {
    const added = toArray(links).filter((link) => !this.linkSet.has(link));
    for (const link of added) this.attach(link);
    if (!this.running || added.length === 0) return;

    this.logger.info({ links: added.length }, 'adding links to the running planner');
    try {
      await this.launch(added);
    } catch (error) {
      // A failed immediate transfer already stopped the planner. Links that could not start are
      // taken out again, so `links` lists only what runs.
      const failed = added.filter((link) => !this.startedLinks.has(link));
      for (const link of failed) this.detach(link);
      this.logger.error({ err: error, linkIds: failed.map((link) => link.id) }, 'adding links failed');
    }
  }

  /**
   * Removes links. They are unscheduled at once. Each then waits for its running transfer and
   * releases its nodes, and the promise resolves after that. It never rejects.
   */
  async removeLinks(links: Link | Link[]): Promise<void> {
    const removed = toArray(links).filter((link) => this.linkSet.has(link));
    // Out of the schedule and the list at once; events of a transfer still running are forwarded.
    for (const link of removed) {
      this.unschedule(link);
      this.linkSet.delete(link);
    }

    await Promise.all(
      removed.map(async (link) => {
        await link.whenIdle();
        await this.stopLink(link);
        this.detach(link);
      }),
    );
  }

  /** Removes every link; see `removeLinks`. */
  purge(): Promise<void> {
    return this.removeLinks(this.links);
  }

  /**
   * Starts the links' nodes, schedules the links from now, and runs the immediate transfers.
   * Resolves once all that is done. Rejects, after shutting down, when a link cannot start or an
   * immediate transfer fails and `ignoreExceptions` is false.
   */
  async start(): Promise<void> {
    if (this.state !== 'stopped') {
      throw new Error(`Cannot start a planner that is ${this.state}; await shutdown() first.`);
    }
    this.state = 'starting';
    this.logger.info({ links: this.linkSet.size }, 'planner starting');

    try {
      await this.launch(this.links);
    } catch (error) {
      await this.shutdown({ wait: true });
      throw error;
    }

    if (this.state !== 'starting') {
      throw new Error('The planner was shut down while it was starting; call start() again to run it.');
    }
    this.state = 'running';
    this.logger.info({ links: this.linkSet.size }, 'planner started');
    this.emitSafely('started', { planner: this, startedAt: new Date() });
  }

  /**
   * Stops scheduling, then (with `wait`, the default) waits for running transfers, then releases
   * the links' nodes so their onShutdown runs. A second call while stopping returns the same promise.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    return this.stop(options.wait ?? true, undefined);
  }

  /**
   * Runs one transfer of each given link (default: all) now, outside the schedule. A link the
   * planner has not started is started for it and shut down after. Rejects with the first
   * failure unless `ignoreExceptions` is true; a forced failure never stops the planner.
   */
  async forceTransfer(links?: Link | Link[]): Promise<TransferResult[]> {
    const targets = links === undefined ? this.links : toArray(links);

    const results = await Promise.allSettled(
      targets.map(async (link) => {
        // A link this planner has not started (planner stopped, or its start failed) is started
        // just for this transfer, so its nodes are released again afterwards.
        const borrowed = !this.startedLinks.has(link);
        if (borrowed) await link.start();
        try {
          return await link.transfer();
        } finally {
          if (borrowed) await link.shutdown().catch(() => undefined);
        }
      }),
    );

    const outcomes: TransferResult[] = [];
    let firstError: Error | undefined;
    for (const result of results) {
      if (result.status === 'fulfilled') {
        outcomes.push(result.value);
      } else {
        const error = toError(result.reason);
        this.logger.error({ err: error }, 'forced transfer failed');
        firstError ??= error;
      }
    }
    if (firstError && !this.ignoreExceptions) throw firstError;
    return outcomes;
  }

  /** Emits a planner event; a listener that throws is logged so that start and shutdown still complete. */
  private emitSafely<E extends 'started' | 'stopped'>(name: E, ...args: PlannerEvents[E]): void {
    emitSafely(this, this.logger, 'planner', name, args);
  }

  private attach(link: Link): void {
    this.linkSet.add(link);
    link.addRelay(this);
  }

  private detach(link: Link): void {
    this.overlapRuns.delete(link);
    this.unschedule(link);
    this.linkSet.delete(link);
    link.removeRelay(this);
  }

  /** Starts links, schedules them on one shared anchor, then runs their immediate transfers. */
  private async launch(links: Link[]): Promise<void> {
    const startResults = await Promise.allSettled(links.map((link) => this.startLink(link)));
    let firstError: Error | undefined;
    startResults.forEach((result, index) => {
      if (result.status === 'rejected') {
        const error = toError(result.reason);
        this.logger.error({ err: error, linkId: links[index].id }, 'link failed to start');
        firstError ??= error;
      }
    });
    if (firstError && !this.ignoreExceptions) throw firstError;
    if (!this.running) return;

    // Links still in the planner after their (slow) start; removeLinks may have taken some out.
    const current = links.filter((link) => this.linkSet.has(link));
    const anchorMs = Date.now();
    for (const link of current) {
      if (link.usesFireTimes) this.fireTimes.add(link, anchorMs);
      else this.scheduler.add(link, anchorMs, link.intervalMs);
    }

    if (!this.immediateTransfer) return;
    const immediate = current.filter((link) => link.immediateTransfer && this.startedLinks.has(link));
    const transfers = await Promise.allSettled(immediate.map((link) => link.runTransfer(undefined)));
    for (const result of transfers) {
      if (result.status === 'rejected') this.onTransferFailed(toError(result.reason));
    }
    if (!this.ignoreExceptions) {
      const failure = transfers.find((result) => result.status === 'rejected');
      if (failure) throw toError(failure.reason);
    }
  }

  private async startLink(link: Link): Promise<void> {
    await link.start();
    // removeLinks or shutdown may have run while the link started; give the start back then.
    if (!this.running || !this.linkSet.has(link)) {
      await link.shutdown();
      return;
    }
    this.startedLinks.add(link);
  }

  private async stopLink(link: Link): Promise<void> {
    if (!this.startedLinks.delete(link)) return;
    try {
      await link.shutdown();
    } catch (error) {
      this.logger.error({ err: error, linkId: link.id }, 'link failed to shut down');
    }
  }

  private onTick(link: Link, scheduledAtMs: number): void {
    if (!this.startedLinks.has(link)) {
      this.retryStart(link, scheduledAtMs);
      return;
    }
    if (link.overlapGate !== undefined) {
      this.onGatedTick(link, link.overlapGate, scheduledAtMs);
      return;
    }
    if (decideTick(this.overlap, link.running) === 'skip') {
      this.onOverlap(link, scheduledAtMs);
      return;
    }
    if (this.overlapRuns.size > 0) this.endOverlapRun(link);

    if (!link.started || link.hasUnstartedNodes) {
      link.runTransfer(scheduledAtMs).then(undefined, this.handleTransferFailure);
      return;
    }
    // Only the pull runs now; the rest waits until every link due in this callback has pulled.
    if (this.begun.size === 0) queueMicrotask(this.continueBegun);
    link.beginTransfer(scheduledAtMs, this.begun);
  }

  private unschedule(link: Link): void {
    this.scheduler.remove(link);
    this.fireTimes.remove(link);
    this.queuedAt.delete(link);
    link.overlapGate?.dropWaiting();
  }

  /** Lets the link's OverlapGate decide a tick of a link with overlap `queue` or `parallel`. */
  private onGatedTick(link: Link, gate: OverlapGate, scheduledAtMs: number): void {
    const outcome = gate.tick();
    if (outcome === 'skip') {
      this.onOverlap(link, scheduledAtMs);
      return;
    }
    if (outcome === 'queue') {
      this.queuedAt.set(link, scheduledAtMs);
      link.logger.debug({ scheduledAt: new Date(scheduledAtMs).toISOString() }, 'transfer queued until the running one ends');
      return;
    }
    if (this.overlapRuns.size > 0) this.endOverlapRun(link);
    this.runGated(link, gate, scheduledAtMs);
  }

  /** Runs a transfer the gate let through, then the tick it queued meanwhile, if any. */
  private runGated(link: Link, gate: OverlapGate, scheduledAtMs: number): void {
    link
      .runTransfer(scheduledAtMs)
      .then(undefined, this.handleTransferFailure)
      .then(() => {
        if (!this.running || !this.startedLinks.has(link)) gate.dropWaiting();
        if (!gate.finish()) return;
        const queuedAtMs = this.queuedAt.get(link) ?? Date.now();
        this.queuedAt.delete(link);
        this.runGated(link, gate, queuedAtMs);
      })
      .catch((error: unknown) => link.logger.error({ err: error }, 'starting a queued transfer failed'));
  }

  /** Reports a skipped tick. The first skip of a run logs at warn, so a long transfer logs one warning, not one per tick. */
  private onOverlap(link: Link, scheduledAtMs: number): void {
    const skippedInARow = (this.overlapRuns.get(link) ?? 0) + 1;
    this.overlapRuns.set(link, skippedInARow);

    const details = { scheduledAt: new Date(scheduledAtMs).toISOString(), skippedInARow };
    const message = 'transfer skipped: the previous transfer is still running';
    if (skippedInARow === 1) link.logger.warn(details, message);
    else link.logger.debug(details, message);

    if (link.hasListeners('transferSkipped')) {
      link.notify('transferSkipped', { link, scheduledAt: new Date(scheduledAtMs), reason: 'overlap', missedTicks: 1 });
    }
  }

  private endOverlapRun(link: Link): void {
    const skipped = this.overlapRuns.get(link);
    if (skipped === undefined) return;
    this.overlapRuns.delete(link);
    if (skipped > 1) link.logger.warn({ skippedTicks: skipped }, 'a transfer ran over several ticks; consider a longer interval');
  }

  /** Starts a link whose start failed earlier (with `ignoreExceptions`), then runs the tick's transfer. */
  private retryStart(link: Link, scheduledAtMs: number): void {
    this.startLink(link)
      .then(() => (this.startedLinks.has(link) ? link.runTransfer(scheduledAtMs) : undefined))
      .catch(this.handleTransferFailure);
  }

  private onMissed(link: Link, missed: number, firstMissedAtMs: number): void {
    if (link.hasListeners('transferSkipped')) {
      link.notify('transferSkipped', { link, scheduledAt: new Date(firstMissedAtMs), reason: 'missed', missedTicks: missed });
    }

    // One blocked event loop makes every due link miss ticks at once, so they share one log line.
    if (this.missedReport === undefined) {
      this.missedReport = { linkIds: [], links: 0, maxMissedTicks: 0 };
      queueMicrotask(() => this.logMissedTicks());
    }
    this.missedReport.links += 1;
    this.missedReport.maxMissedTicks = Math.max(this.missedReport.maxMissedTicks, missed);
    if (this.missedReport.linkIds.length < MISSED_REPORT_LINK_IDS) this.missedReport.linkIds.push(link.id);
  }

  private logMissedTicks(): void {
    const report = this.missedReport;
    this.missedReport = undefined;
    if (!report) return;
    this.logger.warn(report, 'ticks missed because the process was blocked past their time; skipped to the next grid time');
  }

  /** Decides whether scheduling goes on after a failed transfer. The link has already logged the failure. */
  private onTransferFailed(error: Error): void {
    if (this.ignoreExceptions || !this.running) return;
    this.logger.error({ err: error }, 'planner shutting down because a transfer failed');
    this.stop(true, error).catch((stopError: unknown) => {
      this.logger.error({ err: stopError }, 'planner shutdown failed');
    });
  }

  private stop(wait: boolean, cause: Error | undefined): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.state === 'stopped') return Promise.resolve();

    this.state = 'stopping';
    this.scheduler.clear();
    this.fireTimes.clear();
    for (const link of this.queuedAt.keys()) link.overlapGate?.dropWaiting();
    this.queuedAt.clear();
    this.overlapRuns.clear();
    this.logger.info({ wait }, 'planner stopping');

    this.stopping = (async () => {
      const links = [...this.startedLinks];
      if (wait) await Promise.all(links.map((link) => link.whenIdle()));
      await Promise.all(links.map((link) => this.stopLink(link)));

      this.state = 'stopped';
      this.stopping = undefined;
      this.logger.info('planner stopped');
      this.emitSafely('stopped', { planner: this, stoppedAt: new Date(), error: cause });
    })();
    return this.stopping;
  }
}

/** Test seam: the grid scheduler behind a planner, to read node-schedule's next invocation. */
export const plannerInternals = {
  scheduler(planner: NodeSchedulePlanner): GridScheduler<Link> | undefined {
    return schedulers.get(planner);
  },
};

function toArray(links: Link | Link[]): Link[] {
  return Array.isArray(links) ? links : [links];
}
