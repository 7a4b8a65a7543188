import { EventEmitter } from 'node:events';
import { Queue, type ConnectionOptions, type JobSchedulerTemplateOptions } from 'bullmq';
import type { Logger } from 'pino';
import { toError } from '../engine/errors.js';
import type { Link, TransferResult } from '../engine/link.js';
import { engineLogger } from '../engine/logger.js';
import type { PlannerOverlapPolicy } from '../engine/overlap.js';
import type { ShutdownOptions } from '../engine/planner.js';
import { DEFAULT_QUEUE_NAME, describeConnection, toConnectionOptions, TRANSFER_JOB_NAME, type RedisConnection } from './connection.js';
import { RepeatedErrorLog } from './error-log.js';
import type { BullMQPlannerEvents } from './events.js';
import type { TransferJobData } from './job-data.js';
import { LinkSet, toArray } from './link-set.js';
import { databayRepeatStrategy, schedulerRepeatOptions } from './schedule.js';
import { TRANSFER_NUMBERS_KEY, TransferNumbers } from './transfer-numbers.js';
import { TransferWorker } from './transfer-worker.js';
import { emitSafely } from '../engine/emit-safely.js';

/** Options of the jobs the planner adds; see `BullMQPlannerOptions.jobOptions`. */
export type TransferJobOptions = Pick<JobSchedulerTemplateOptions, 'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail'>;

/**
 * One attempt per job, because a transfer is not idempotent in general: a retry after an outlet
 * wrote half a batch writes that half again. Finished jobs are trimmed so Redis does not grow.
 */
export const DEFAULT_JOB_OPTIONS: TransferJobOptions = {
  attempts: 1,
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

export interface BullMQPlannerOptions {
  links?: Link[];
  /** Redis for the queue: a redis:// URL or ioredis options such as { host, port }. */
  connection: RedisConnection;
  /** Queue of the transfer jobs. Default 'databay-transfers'. Workers must use the same name. */
  queueName?: string;
  /** Prefix of the queue's Redis keys. Default: BullMQ's ('bull'). Workers must use the same prefix. */
  prefix?: string;
  /** Also run transfers in this process, with a TransferWorker of the planner's links. Default true. */
  worker?: boolean;
  /** Transfer jobs the planner's own worker runs at the same time. Default 10. */
  concurrency?: number;
  /**
   * Log a failed transfer of the planner's own worker and go on. When false (the default), such a
   * failure shuts the planner down. Failures in other processes are their TransferWorker's to handle.
   */
  ignoreExceptions?: boolean;
  /** Add a transfer job for each link whose own option is on as soon as the planner starts. Default true. */
  immediateTransfer?: boolean;
  /** Policy of the planner's own worker for a job whose link is still transferring. Default 'skip'. */
  overlap?: PlannerOverlapPolicy;
  /** Retries and retention of transfer jobs. Default: DEFAULT_JOB_OPTIONS (no retry). */
  jobOptions?: TransferJobOptions;
  /** Parent of the planner's logger. Default: the engine's logger. */
  logger?: Logger;
}

export interface BullMQShutdownOptions extends ShutdownOptions {
  /**
   * Leave the links' job schedulers in Redis, so that workers keep getting jobs while no planner
   * runs, e.g. while the planner's process restarts. Default false: they are removed.
   */
  keepSchedulers?: boolean;
}

type PlannerState = 'stopped' | 'starting' | 'running' | 'stopping';

/**
 * Schedules each link's transfers with a BullMQ job scheduler in Redis, one per link, keyed by
 * the link id. Any process with a TransferWorker of the same links runs the jobs; with `worker`
 * (the default) this process does too. The planner only decides when; the link runs the transfer.
 */
export class BullMQPlanner extends EventEmitter<BullMQPlannerEvents> {
  readonly queueName: string;
  readonly prefix: string | undefined;
  readonly worker: boolean;
  readonly concurrency: number | undefined;
  readonly ignoreExceptions: boolean;
  readonly immediateTransfer: boolean;
  readonly overlap: PlannerOverlapPolicy;
  readonly jobOptions: TransferJobOptions;
  readonly logger: Logger;

  private readonly connection: ConnectionOptions;
  private readonly linkSet: LinkSet;
  private readonly errorLog: RepeatedErrorLog;
  private queue: Queue<TransferJobData> | undefined;
  private transferWorker: TransferWorker | undefined;
  private state: PlannerState = 'stopped';
  private stopping: Promise<void> | undefined;

  constructor(options: BullMQPlannerOptions) {
    super();
    this.connection = toConnectionOptions(options?.connection, 'BullMQPlanner');
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.prefix = options.prefix;
    this.worker = options.worker ?? true;
    this.concurrency = options.concurrency;
    this.ignoreExceptions = options.ignoreExceptions ?? false;
    this.immediateTransfer = options.immediateTransfer ?? true;
    this.overlap = options.overlap ?? 'skip';
    this.jobOptions = { ...DEFAULT_JOB_OPTIONS, ...options.jobOptions };
    this.logger = (options.logger ?? engineLogger).child({ component: 'bullmq-planner', queue: this.queueName });
    this.errorLog = new RepeatedErrorLog(this.logger, 'BullMQ queue error');
    this.linkSet = new LinkSet(this);
    this.linkSet.add(options.links ?? []);
  }

  /** True from `start()` until `shutdown()` begins. */
  get running(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  get links(): Link[] {
    return this.linkSet.links;
  }

  /** Time of the link's next scheduled transfer, read from its job scheduler in Redis; undefined when none. */
  async nextTransferAt(link: Link): Promise<Date | undefined> {
    if (this.queue === undefined || !this.linkSet.has(link)) return undefined;
    const scheduler = await this.queue.getJobScheduler(link.id);
    return scheduler?.next === undefined ? undefined : new Date(scheduler.next);
  }

  /**
   * Connects to Redis, starts the planner's own worker (which starts the links' nodes), upserts
   * one job scheduler per link and adds the immediate transfer jobs. Resolves once that is done,
   * not when those transfers ran. Rejects, after shutting down, when Redis refuses a scheduler or,
   * without `ignoreExceptions`, when a link cannot start.
   */
  async start(): Promise<void> {
    if (this.state !== 'stopped') {
      throw new Error(`Cannot start a planner that is ${this.state}; await shutdown() first.`);
    }
    this.state = 'starting';
    this.logger.info(
      { links: this.linkSet.size, connection: describeConnection(this.connection), worker: this.worker },
      'planner starting',
    );

    try {
      const queue = new Queue<TransferJobData>(this.queueName, {
        connection: this.connection,
        prefix: this.prefix,
        settings: { repeatStrategy: databayRepeatStrategy },
      });
      queue.on('error', (error) => this.errorLog.log(error));
      this.queue = queue;
      await queue.waitUntilReady();

      if (this.worker) await this.startWorker();
      await this.launch(this.links);
    } catch (error) {
      await this.stop(true, undefined, false);
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
   * Removes the links' job schedulers (unless `keepSchedulers`), closes the planner's worker
   * (with `wait`, the default, after its running transfers), releases the links' nodes and closes
   * the queue. A second call while stopping returns the same promise.
   */
  shutdown(options: BullMQShutdownOptions = {}): Promise<void> {
    return this.stop(options.wait ?? true, undefined, options.keepSchedulers ?? false);
  }

  /**
   * Adds links. While the planner runs, they get a job scheduler, the planner's worker starts
   * them, and their immediate transfer job is added; the promise resolves then. Rejects when a
   * link id is taken by another link or Redis refuses a scheduler.
   */
  async addLinks(links: Link | Link[]): Promise<void> {
    const added = this.linkSet.add(toArray(links));
    if (!this.running || added.length === 0) return;

    this.logger.info({ linkIds: added.map((link) => link.id) }, 'adding links to the running planner');
    await this.transferWorker?.addLinks(added);
    await this.launch(added);
  }

  /**
   * Removes links: their job schedulers go from Redis at once, then each waits for its running
   * transfer in this process and releases its nodes. Never rejects: failures are logged.
   */
  async removeLinks(links: Link | Link[]): Promise<void> {
    const removed = this.linkSet.remove(toArray(links));
    if (removed.length === 0) return;
    await this.removeSchedulers(removed);
    await this.transferWorker?.removeLinks(removed);
    for (const link of removed) this.linkSet.release(link);
  }

  /** Removes every link; see `removeLinks`. */
  purge(): Promise<void> {
    return this.removeLinks(this.links);
  }

  /**
   * Runs one transfer of each given link (default: all) now, in this process and outside the
   * queue, so that the results come back here. The link is started for it and shut down after;
   * nested starts keep nodes that the worker uses running. Rejects with the first failure unless
   * `ignoreExceptions` is true; a forced failure never stops the planner. While the planner runs,
   * each transfer takes its update number from the queue's counter in Redis, as a worker's does.
   * It takes no overlap lock. To run a transfer on whichever worker is free instead, use
   * `enqueueTransfer`.
   */
  async forceTransfer(links?: Link | Link[]): Promise<TransferResult[]> {
    const targets = links === undefined ? this.links : toArray(links);
    const results = await Promise.allSettled(
      targets.map(async (link) => {
        await link.start();
        try {
          return await link.runTransfer(undefined, await this.takeTransferNumber(link));
        } finally {
          await link.shutdown().catch((error: unknown) => {
            this.logger.error({ err: error, linkId: link.id }, 'link failed to shut down after a forced transfer');
          });
        }
      }),
    );

    const outcomes: TransferResult[] = [];
    let firstError: Error | undefined;
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') {
        outcomes.push(result.value);
        return;
      }
      const error = toError(result.reason);
      this.logger.error({ err: error, linkId: targets[index].id }, 'forced transfer failed');
      firstError ??= error;
    });
    if (firstError && !this.ignoreExceptions) throw firstError;
    return outcomes;
  }

  /**
   * Adds one transfer job per given link (default: all) to the queue, outside the schedule, and
   * returns the job ids. Any worker runs them, under its overlap policy. Rejects when the planner
   * is not running or a link is not in the planner.
   */
  async enqueueTransfer(links?: Link | Link[]): Promise<string[]> {
    const targets = links === undefined ? this.links : toArray(links);
    const missing = targets.filter((link) => !this.linkSet.has(link));
    if (missing.length > 0) {
      throw new Error(
        `Cannot enqueue a transfer of link ${missing.map((link) => `"${link.id}"`).join(', ')}: it is not in this planner. Call addLinks first.`,
      );
    }
    return this.addTransferJobs(targets, 'enqueued');
  }

  /** Takes the link's next number from Redis; undefined, so the link counts itself, while no queue is open. */
  private async takeTransferNumber(link: Link): Promise<number | undefined> {
    const queue = this.queue;
    if (queue === undefined) return undefined;
    return new TransferNumbers(() => queue.getBackend().client, queue.toKey(TRANSFER_NUMBERS_KEY)).take(link.id);
  }

  /** Upserts the job schedulers of links, then adds their immediate transfer jobs. */
  private async launch(links: Link[]): Promise<void> {
    const queue = this.requireQueue();
    const nowMs = Date.now();
    for (const link of links) {
      const repeat = schedulerRepeatOptions(link, nowMs);
      if (repeat === undefined) {
        link.logger.info({ endAt: link.schedule.endAt }, 'schedule has no fire time left; no job scheduler added');
        continue;
      }
      await queue.upsertJobScheduler(link.id, repeat, {
        name: TRANSFER_JOB_NAME,
        data: { linkId: link.id },
        opts: this.jobOptions,
      });
      this.logger.debug({ linkId: link.id, repeat }, 'job scheduler upserted');
    }

    if (!this.immediateTransfer) return;
    const immediate = links.filter((link) => link.immediateTransfer);
    if (immediate.length > 0) await this.addTransferJobs(immediate, 'immediate');
  }

  private async addTransferJobs(links: Link[], trigger: 'immediate' | 'enqueued'): Promise<string[]> {
    const queue = this.requireQueue();
    const jobs = await queue.addBulk(
      links.map((link) => ({ name: TRANSFER_JOB_NAME, data: { linkId: link.id, trigger }, opts: this.jobOptions })),
    );
    this.logger.debug({ linkIds: links.map((link) => link.id), trigger }, 'transfer jobs added');
    return jobs.map((job) => String(job.id));
  }

  private requireQueue(): Queue<TransferJobData> {
    if (this.queue === undefined || !this.running) {
      throw new Error(`The planner of queue "${this.queueName}" is not running; await start() first.`);
    }
    return this.queue;
  }

  private async startWorker(): Promise<void> {
    const worker = new TransferWorker({
      links: this.links,
      connection: this.connection,
      queueName: this.queueName,
      prefix: this.prefix,
      concurrency: this.concurrency,
      ignoreExceptions: this.ignoreExceptions,
      overlap: this.overlap,
      logger: this.logger,
    });
    // The worker stops on its own after a failed transfer without ignoreExceptions; the planner follows.
    worker.on('stopped', ({ error }) => {
      if (error === undefined || !this.running) return;
      this.logger.error({ err: error }, 'planner shutting down because a transfer failed');
      this.stop(true, error, false).catch((stopError: unknown) => {
        this.logger.error({ err: stopError }, 'planner shutdown failed');
      });
    });
    this.transferWorker = worker;
    await worker.start();
  }

  /** Removes the links' job schedulers; a failure is logged, because shutdown must go on. */
  private async removeSchedulers(links: Link[]): Promise<void> {
    const queue = this.queue;
    if (queue === undefined) return;
    const results = await Promise.allSettled(links.map((link) => queue.removeJobScheduler(link.id)));
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.logger.error({ err: result.reason, linkId: links[index].id }, 'removing the job scheduler failed');
      }
    });
    this.logger.debug({ linkIds: links.map((link) => link.id) }, 'job schedulers removed');
  }

  private stop(wait: boolean, cause: Error | undefined, keepSchedulers: boolean): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.state === 'stopped') return Promise.resolve();

    this.state = 'stopping';
    this.logger.info({ wait, keepSchedulers }, 'planner stopping');

    this.stopping = (async () => {
      if (!keepSchedulers) await this.removeSchedulers(this.links);

      const worker = this.transferWorker;
      this.transferWorker = undefined;
      await worker?.shutdown({ wait });

      const queue = this.queue;
      this.queue = undefined;
      try {
        await queue?.close();
      } catch (error) {
        this.logger.error({ err: error }, 'closing the BullMQ queue failed');
      }

      this.state = 'stopped';
      this.stopping = undefined;
      this.logger.info('planner stopped');
      this.emitSafely('stopped', { planner: this, stoppedAt: new Date(), error: cause });
    })();
    return this.stopping;
  }

  /** Emits a planner event; a listener that throws is logged so that start and shutdown still complete. */
  private emitSafely<E extends 'started' | 'stopped'>(name: E, ...args: BullMQPlannerEvents[E]): void {
    emitSafely(this, this.logger, 'planner', name, args);
  }
}
