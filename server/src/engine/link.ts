import { EventEmitter } from 'node:events';
import { nextFireTime, type OverlapPolicy, type ScheduleSpec } from '@databay-studio/shared';
import type { Logger } from 'pino';
import type { OverlapGate } from '../schedule/overlap-gate.js';
import type { BegunTransfers } from './begun-transfers.js';
import { drainTransferSteps, hasHeldRecords } from './drain.js';
import { describeFailure, NodeLifecycleError, toError } from './errors.js';
import type { LinkEvents, NodeFailedEvent, TransferFinishedEvent } from './events.js';
import type { Inlet } from './inlet.js';
import { checkOptions, parseInterval, parseOverlap, parseSchedule, tagList, type LinkOptions } from './link-options.js';
import { LinkTransferContext } from './link-transfer-context.js';
import { engineLogger } from './logger.js';
import type { Grouper, Outlet, Processor } from './outlet.js';
import { continueTransferSteps, startPulls, type TransferPlan } from './transfer.js';
import { Update } from './update.js';

export type { LinkOptions } from './link-options.js';

/** Outcome of a transfer: the same object the 'transferFinished' event carries. */
export type TransferResult = TransferFinishedEvent;

/** An emitter that re-emits a link's events, such as a planner. */
type Relay = Pick<EventEmitter, 'listenerCount'>;

let linkCount = 0;

/**
 * Moves records from inlets to outlets, one transfer at a time or several at once.
 * A planner decides when a transfer runs; the link runs it.
 */
export class Link extends EventEmitter<LinkEvents> implements TransferPlan {
  readonly id: string;
  readonly tags: readonly string[];
  /** Time between transfers; 0 for a cron schedule. */
  readonly intervalMs: number;
  /** The schedule the link runs on; `{ interval }` when only `interval` was given. */
  readonly schedule: ScheduleSpec;
  /**
   * True when the planner times the link from `nextFireTime` (cron, or a startAt/endAt window)
   * instead of the fixed grid.
   */
  readonly usesFireTimes: boolean;
  readonly overlap: OverlapPolicy;
  /** @internal Counts the planner's transfers for `queue` and `parallel`; undefined for `skip`. */
  readonly overlapGate: OverlapGate | undefined;
  readonly inlets: readonly Inlet[];
  readonly outlets: readonly Outlet[];
  readonly processors: readonly Processor[];
  readonly groupers: readonly Grouper[];
  readonly copyRecords: boolean;
  readonly ignoreExceptions: boolean;
  readonly inletConcurrency: number | undefined;
  readonly streamBatches: boolean;
  readonly immediateTransfer: boolean;
  readonly logger: Logger;

  private transferCount = 0;
  private inFlight = 0;
  private idleWaiters: (() => void)[] | undefined;
  private users = 0;
  private ready = false;
  private starting: Promise<void> | undefined;
  /** Nodes the current start acquired; a new array per start, so a late release never takes a newer start's nodes. */
  private acquired: (Inlet | Outlet)[] = [];
  /**
   * Nodes whose onStart failed while the link ignores exceptions. Each transfer tries to start
   * them again before it begins, until they start or the link shuts down.
   */
  private unstarted: (Inlet | Outlet)[] | undefined;
  private relays: Relay[] | undefined;

  constructor(options: LinkOptions) {
    super();
    const id = options.id ?? `link-${++linkCount}`;
    checkOptions(id, options);

    this.id = id;
    // Frozen, so each Update can share the array instead of copying it.
    this.tags = Object.freeze(tagList(options.tags));
    this.schedule = parseSchedule(id, options);
    this.intervalMs = 'interval' in this.schedule ? parseInterval(id, this.schedule.interval) : 0;
    this.usesFireTimes =
      'cron' in this.schedule || this.schedule.startAt !== undefined || this.schedule.endAt !== undefined;
    this.overlap = options.overlap ?? 'skip';
    this.overlapGate = parseOverlap(id, options);
    this.inlets = [...options.inlets];
    this.outlets = [...options.outlets];
    this.processors = [...(options.processors ?? [])];
    this.groupers = [...(options.groupers ?? [])];
    this.copyRecords = options.copyRecords ?? true;
    this.ignoreExceptions = options.ignoreExceptions ?? false;
    this.inletConcurrency = options.inletConcurrency;
    this.streamBatches = options.streamBatches ?? false;
    this.immediateTransfer = options.immediateTransfer ?? true;
    this.logger = (options.logger ?? engineLogger).child({ linkId: id, tags: this.tags });
  }

  /** True while at least one transfer of this link is in progress. */
  get running(): boolean {
    return this.inFlight > 0;
  }

  /** True between a successful `start()` and the matching `shutdown()`. */
  get started(): boolean {
    return this.ready;
  }

  /** @internal True when the next transfer first retries the onStart of nodes that failed it. */
  get hasUnstartedNodes(): boolean {
    return this.unstarted !== undefined;
  }

  /**
   * Number the next update carries when the link numbers it itself: the transfers begun so far,
   * or one more than the highest number given to `runTransfer`, whichever is greater.
   */
  get transfers(): number {
    return this.transferCount;
  }

  /**
   * Runs the onStart of each distinct inlet and outlet that no other link or planner started yet.
   * Calls nest: each `start()` needs one `shutdown()`, so a link shared by two planners keeps its
   * nodes until both stopped. Rejects, after releasing the nodes it started, when an onStart
   * throws and the link does not ignore exceptions.
   */
  async start(): Promise<void> {
    this.users += 1;
    if (this.users === 1) this.starting = this.acquireNodes();

    try {
      await this.starting;
    } catch (error) {
      this.users -= 1;
      if (this.users === 0) this.starting = undefined;
      throw error;
    }
  }

  /**
   * Undoes one `start()`. After the last one, runs the onShutdown of nodes that no other link uses.
   * Every node is released even when one throws; without `ignoreExceptions` the first error is
   * thrown afterwards. Does not wait for running transfers: see `whenIdle()`.
   */
  async shutdown(): Promise<void> {
    if (this.users === 0) return;
    this.users -= 1;
    if (this.users > 0) return;

    const starting = this.starting;
    const nodes = this.acquired;
    const wasReady = this.ready;
    this.starting = undefined;
    this.ready = false;
    this.unstarted = undefined;
    await starting?.catch(() => undefined);
    if (wasReady && hasHeldRecords(this)) await this.releaseHeldRecords();
    await this.releaseNodes(nodes);
  }

  /**
   * Sends the records that processors hold across transfers, such as a buffer's, on to the
   * outlets before the nodes shut down. Runs as a transfer of its own with no pull, so it has an
   * update and a 'transferFinished' event. A failure is logged and the shutdown goes on.
   */
  private async releaseHeldRecords(): Promise<void> {
    await this.whenIdle();
    const update = new Update(this.tags, this.transferCount);
    this.transferCount += 1;
    this.inFlight += 1;
    const context = new LinkTransferContext(this, update, Date.now());
    this.logger.info({ update: update.toString() }, 'releasing held records before shutdown');
    try {
      await drainTransferSteps(this, context);
      this.finishTransfer(context, undefined);
    } catch (thrown) {
      this.finishTransfer(context, toError(thrown));
    }
  }

  /** Time of the schedule's next fire after `after`, or undefined when the schedule is over. */
  nextFireTime(after: Date): Date | undefined {
    return nextFireTime(this.schedule, after);
  }

  /** Resolves once no transfer of this link is running. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters ??= [];
      this.idleWaiters.push(resolve);
    });
  }

  /**
   * Runs one transfer now. Starts the link first if it is not started, so call `shutdown()`
   * afterwards to run the nodes' onShutdown. Rejects with a TransferError when a step failed and
   * the link does not ignore exceptions.
   */
  transfer(): Promise<TransferResult> {
    return this.runTransfer(undefined);
  }

  /**
   * @internal Starts a transfer for a planner's tick. Kept synchronous up to the first inlet's
   * pull, because a planner starts every due link in one timer callback. `transferNumber`, which
   * a TransferWorker takes from a counter in Redis shared by every process, replaces the link's
   * own count as the update's number. Rejects with a RangeError, before the transfer starts,
   * when it is not a whole number of 0 or more.
   */
  runTransfer(scheduledAtMs: number | undefined, transferNumber?: number): Promise<TransferResult> {
    if (transferNumber !== undefined && !(Number.isSafeInteger(transferNumber) && transferNumber >= 0)) {
      return Promise.reject(
        new RangeError(`Invalid transfer number ${String(transferNumber)} for link "${this.id}": use a whole number of 0 or more.`),
      );
    }
    if (this.ready && this.unstarted === undefined) return this.execute(scheduledAtMs, transferNumber);
    return this.startThenExecute(scheduledAtMs, transferNumber);
  }

  private async startThenExecute(scheduledAtMs: number | undefined, transferNumber: number | undefined): Promise<TransferResult> {
    if (this.users === 0) await this.start();
    else await this.starting;
    if (this.unstarted !== undefined) await this.retryUnstartedNodes();
    return this.execute(scheduledAtMs, transferNumber);
  }

  /**
   * Runs onStart again for nodes whose onStart failed while the link ignores exceptions. A node
   * that starts now is shut down with the link; one that fails again is reported and retried
   * before the next transfer.
   */
  private async retryUnstartedNodes(): Promise<void> {
    const nodes = this.unstarted ?? [];
    const acquired = this.acquired;
    // Cleared first, so that a transfer starting meanwhile does not start the same nodes twice.
    this.unstarted = undefined;
    const failing: (Inlet | Outlet)[] = [];

    for (const node of nodes) {
      try {
        await node.lifecycle.acquire();
      } catch (thrown) {
        this.reportNodeFailure({ stage: 'start', node, nodeName: node.name, error: toError(thrown) }, this.logger);
        failing.push(node);
        continue;
      }
      if (this.acquired !== acquired || !this.ready) {
        // The link shut down while onStart ran: the node belongs to no running link now.
        await node.lifecycle.release().catch((error: unknown) => this.logger.error({ err: error, nodeName: node.name }, 'onShutdown failed'));
        continue;
      }
      acquired.push(node);
      this.logger.info({ nodeName: node.name }, 'node started on retry');
    }

    if (failing.length > 0 && this.acquired === acquired && this.ready) {
      this.unstarted = [...(this.unstarted ?? []), ...failing];
    }
  }

  private execute(scheduledAtMs: number | undefined, transferNumber: number | undefined): Promise<TransferResult> {
    const startedAtMs = Date.now();
    const update = this.openTransfer(scheduledAtMs, startedAtMs, transferNumber);
    const context = new LinkTransferContext(this, update, startedAtMs);
    context.pulls = startPulls(this, context);
    return this.continueTransfer(context);
  }

  /**
   * @internal Starts a transfer of a started link for a planner's tick, up to its pulls, and adds
   * it to `begun`. A planner begins every due link this way and continues them all after the last
   * pull, so no link's pull waits for another's bookkeeping. With one inlet, the most common link,
   * nothing but the update is allocated before the pull.
   */
  beginTransfer(scheduledAtMs: number, begun: BegunTransfers): void {
    const startedAtMs = Date.now();
    const update = this.openTransfer(scheduledAtMs, startedAtMs, undefined);

    if (this.inlets.length !== 1 || this.streamBatches) {
      const context = new LinkTransferContext(this, update, startedAtMs);
      context.pulls = startPulls(this, context);
      begun.add(this, update, startedAtMs, context, false);
      return;
    }
    try {
      begun.add(this, update, startedAtMs, this.inlets[0].pull(update), false);
    } catch (error) {
      begun.add(this, update, startedAtMs, error, true);
    }
  }

  /**
   * @internal Runs the rest of a transfer that `beginTransfer` began. `pulled` is what the only
   * inlet's pull returned (or threw, when `threw` is true), or the context of a link with
   * several inlets.
   */
  continueBegun(update: Update, startedAtMs: number, pulled: unknown, threw: boolean): Promise<TransferResult> {
    if (pulled instanceof LinkTransferContext && pulled.link === this && pulled.update === update) {
      return this.continueTransfer(pulled);
    }
    const context = new LinkTransferContext(this, update, startedAtMs);
    context.pulls = { inlets: 'one', value: pulled, threw };
    return this.continueTransfer(context);
  }

  /**
   * Counts a new transfer and announces it: the 'transferStarted' event and a debug line. The
   * update gets `transferNumber` when given, else the link's own count.
   */
  private openTransfer(scheduledAtMs: number | undefined, startedAtMs: number, transferNumber: number | undefined): Update {
    const number = transferNumber ?? this.transferCount;
    const update = new Update(this.tags, number);
    // A given number below the count leaves it, so the link's own numbers never go back.
    if (number >= this.transferCount) this.transferCount = number + 1;
    this.inFlight += 1;

    if (this.hasListeners('transferStarted')) {
      const scheduledAt = scheduledAtMs === undefined ? undefined : new Date(scheduledAtMs);
      this.notify('transferStarted', { link: this, update, startedAt: new Date(startedAtMs), scheduledAt });
    }
    if (this.logger.isLevelEnabled('debug')) {
      this.logger.debug({ update: update.toString(), scheduledAt: scheduledAtMs }, 'transfer started');
    }
    return update;
  }

  /** Runs the steps after the pulls, then reports the outcome; see `transfer()`. */
  private continueTransfer(context: LinkTransferContext): Promise<TransferResult> {
    // Plain promise callbacks instead of an async function: see pullInlet in transfer.ts for why.
    return continueTransferSteps(this, context, context.pulls).then(
      () => this.finishTransfer(context, undefined),
      (thrown: unknown) => {
        const error = toError(thrown);
        this.finishTransfer(context, error);
        throw error;
      },
    );
  }

  /** @internal Forwards this link's events to a planner. */
  addRelay(relay: Relay): void {
    this.relays ??= [];
    if (!this.relays.includes(relay)) this.relays.push(relay);
  }

  /** @internal */
  removeRelay(relay: Relay): void {
    if (!this.relays) return;
    this.relays = this.relays.filter((candidate) => candidate !== relay);
  }

  /**
   * @internal Emits an event on the link and on every planner that contains it. A listener that
   * throws is logged, because its error must not fail the transfer or stop a planner's tick.
   */
  notify<E extends keyof LinkEvents>(name: E, ...args: LinkEvents[E]): void {
    this.emitSafely(this, name, args);
    if (this.relays) {
      for (const relay of this.relays) this.emitSafely(relay, name, args);
    }
  }

  private emitSafely<E extends keyof LinkEvents>(target: unknown, name: E, args: LinkEvents[E]): void {
    const emit = EventEmitter.prototype.emit as (this: unknown, name: E, ...args: LinkEvents[E]) => boolean;
    try {
      emit.call(target, name, ...args);
    } catch (error) {
      this.logger.error({ err: error, event: name }, 'an event listener threw; the link goes on');
    }
  }

  /** @internal True when the link or a planner that contains it listens to `name`. */
  hasListeners(name: keyof LinkEvents): boolean {
    if (this.listenerCount(name) > 0) return true;
    if (this.relays === undefined) return false;
    for (const relay of this.relays) {
      if (relay.listenerCount(name) > 0) return true;
    }
    return false;
  }

  /**
   * @internal Logs and emits a failed step; the caller decides whether the transfer goes on.
   * `logger` is the transfer's child logger when there is a transfer, so lines carry its update.
   */
  reportNodeFailure(event: Omit<NodeFailedEvent, 'link'>, logger: Logger): void {
    if (this.ignoreExceptions) {
      logger.error(
        { err: event.error, stage: event.stage, nodeName: event.nodeName },
        `${describeFailure(event.stage, event.nodeName)} failed, and the link goes on because it ignores exceptions`,
      );
    }
    if (this.hasListeners('nodeFailed')) this.notify('nodeFailed', { link: this, ...event });
  }

  override toString(): string {
    return `Link(${this.id})`;
  }

  private finishTransfer(context: LinkTransferContext, error: Error | undefined): TransferResult {
    const startedAtMs = context.startedAtMs;
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.idleWaiters) {
      const waiters = this.idleWaiters;
      this.idleWaiters = undefined;
      for (const resolve of waiters) resolve();
    }

    const recordsIn = this.inlets.map((inlet, index) => ({ inlet, count: context.recordsIn[index] }));
    const recordsOut = this.outlets.map((outlet, index) => ({ outlet, count: context.recordsOut[index] }));
    const result: TransferResult = {
      link: this,
      update: context.update,
      startedAt: new Date(startedAtMs),
      durationMs: Date.now() - startedAtMs,
      status: error ? 'failed' : 'ok',
      recordsIn,
      recordsOut,
      recordsInTotal: sum(context.recordsIn),
      recordsOutTotal: sum(context.recordsOut),
      error,
    };

    if (error) {
      context.logger.error(
        { err: error, durationMs: result.durationMs, recordsIn: result.recordsInTotal },
        'transfer failed',
      );
    } else if (this.logger.isLevelEnabled('debug')) {
      context.logger.debug(
        { durationMs: result.durationMs, recordsIn: result.recordsInTotal, recordsOut: result.recordsOutTotal },
        'transfer finished',
      );
    }
    if (this.hasListeners('transferFinished')) this.notify('transferFinished', result);
    return result;
  }

  private async acquireNodes(): Promise<void> {
    const nodes = distinctNodes(this.inlets, this.outlets);
    const acquired: (Inlet | Outlet)[] = [];
    this.acquired = acquired;
    this.unstarted = undefined;

    for (const node of nodes) {
      try {
        await node.lifecycle.acquire();
        acquired.push(node);
      } catch (thrown) {
        const error = toError(thrown);
        this.reportNodeFailure({ stage: 'start', node, nodeName: node.name, error }, this.logger);
        if (!this.ignoreExceptions) {
          await this.releaseNodes(acquired.splice(0)).catch(() => undefined);
          this.logger.error({ err: error, nodeName: node.name }, 'link failed to start');
          throw new NodeLifecycleError(this.id, 'start', node.name, error);
        }
        // The link goes on; its transfers still call the node, and each first retries its onStart.
        this.unstarted = [...(this.unstarted ?? []), node];
      }
    }

    this.ready = true;
    this.logger.debug({ inlets: this.inlets.length, outlets: this.outlets.length }, 'link started');
  }

  private async releaseNodes(nodes: (Inlet | Outlet)[]): Promise<void> {
    let firstError: Error | undefined;

    const results = await Promise.allSettled(nodes.map((node) => node.lifecycle.release()));
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      const node = nodes[index];
      const error = toError(result.reason);
      this.reportNodeFailure({ stage: 'shutdown', node, nodeName: node.name, error }, this.logger);
      if (!this.ignoreExceptions) {
        this.logger.error({ err: error, nodeName: node.name }, 'onShutdown failed');
        firstError ??= new NodeLifecycleError(this.id, 'shutdown', node.name, error);
      }
    });

    this.logger.debug('link shut down');
    if (firstError) throw firstError;
  }
}

function distinctNodes(inlets: readonly Inlet[], outlets: readonly Outlet[]): (Inlet | Outlet)[] {
  return [...new Set<Inlet | Outlet>([...inlets, ...outlets])];
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
