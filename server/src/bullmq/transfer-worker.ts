import { EventEmitter } from 'node:events';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job, type WorkerOptions } from 'bullmq';
import type { Logger } from 'pino';
import { toError } from '../engine/errors.js';
import type { Link } from '../engine/link.js';
import { engineLogger } from '../engine/logger.js';
import type { PlannerOverlapPolicy } from '../engine/overlap.js';
import type { ShutdownOptions } from '../engine/planner.js';
import { DEFAULT_QUEUE_NAME, describeConnection, toConnectionOptions, type RedisConnection } from './connection.js';
import { RepeatedErrorLog } from './error-log.js';
import type { TransferWorkerEvents } from './events.js';
import { isTransferJobData, type TransferJobResult } from './job-data.js';
import { LinkAdmission } from './link-admission.js';
import { LINK_LOCK_KEY, LinkLocks, linkLockTtlMs, type HeldLinkLock } from './link-lock.js';
import { LinkSet, toArray } from './link-set.js';
import { databayRepeatStrategy, scheduledTimeOf } from './schedule.js';
import { TRANSFER_NUMBERS_KEY, TransferNumbers } from './transfer-numbers.js';
import { emitSafely } from '../engine/emit-safely.js';

/**
 * Transfer jobs one worker runs at the same time. Transfers mostly wait on I/O, and with a
 * concurrency of 1 a slow link would hold back every other link of the worker.
 */
export const DEFAULT_CONCURRENCY = 10;

export interface TransferWorkerOptions {
  /** The links whose jobs this worker runs, with the same ids as the links the planner schedules. */
  links: Link[];
  /** Redis to take jobs from: a redis:// URL or ioredis options such as { host, port }. */
  connection: RedisConnection;
  /** Queue to take jobs from. Default 'databay-transfers'. */
  queueName?: string;
  /** Prefix of the queue's Redis keys. Default: BullMQ's ('bull'). */
  prefix?: string;
  /** Transfer jobs run at the same time in this process. Default 10. */
  concurrency?: number;
  /**
   * Log a failed transfer and keep taking jobs. When false (the default), a failed transfer
   * closes the worker, as it shuts a NodeSchedulePlanner down. The job fails either way.
   */
  ignoreExceptions?: boolean;
  /** Policy for a job that comes while a transfer of its link runs, in this worker or, for 'skip', in another. Default 'skip'. */
  overlap?: PlannerOverlapPolicy;
  /** Parent of the worker's logger. Default: the engine's logger. */
  logger?: Logger;
  /** Further BullMQ Worker options, such as lockDuration or maxStalledCount. Half of lockDuration is the TTL of the overlap lock. */
  workerOptions?: Omit<WorkerOptions, 'connection' | 'prefix' | 'concurrency' | 'autorun' | 'settings'>;
}

type WorkerState = 'stopped' | 'starting' | 'running' | 'stopping';

/**
 * Runs the transfer jobs of a BullMQPlanner's queue, in any process that has the links. Each
 * job names a link id. The worker runs that link's transfer, skips it when one is still running
 * in this process (see LinkAdmission) or, for a 'skip' link, in another (see LinkLocks), and
 * fails the job when it has no link of that id. Update numbers come from TransferNumbers, so
 * they count each link's transfers across every worker of the queue.
 */
export class TransferWorker extends EventEmitter<TransferWorkerEvents> {
  readonly queueName: string;
  readonly prefix: string | undefined;
  readonly concurrency: number;
  readonly ignoreExceptions: boolean;
  readonly overlap: PlannerOverlapPolicy;
  readonly logger: Logger;

  private readonly connection: ConnectionOptions;
  private readonly workerOptions: TransferWorkerOptions['workerOptions'];
  private readonly linkSet: LinkSet;
  private readonly startedLinks = new Set<Link>();
  private readonly admission: LinkAdmission;
  /** Jobs skipped in a row per link because its previous transfer was still running. */
  private readonly overlapRuns = new Map<Link, number>();
  private readonly errorLog: RepeatedErrorLog;
  private worker: Worker | undefined;
  /** Set with `worker`, on its Redis client; kept after it closes for the jobs still running. */
  private redisKeys: { numbers: TransferNumbers; locks: LinkLocks } | undefined;
  private state: WorkerState = 'stopped';
  private stopping: Promise<void> | undefined;

  constructor(options: TransferWorkerOptions) {
    super();
    this.connection = toConnectionOptions(options.connection, 'TransferWorker');
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.prefix = options.prefix;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new RangeError(`Invalid TransferWorker concurrency ${String(options.concurrency)}: use a whole number of 1 or more.`);
    }
    this.ignoreExceptions = options.ignoreExceptions ?? false;
    this.overlap = options.overlap ?? 'skip';
    this.workerOptions = options.workerOptions;
    this.logger = (options.logger ?? engineLogger).child({ component: 'transfer-worker', queue: this.queueName });
    this.admission = new LinkAdmission(this.overlap);
    this.errorLog = new RepeatedErrorLog(this.logger, 'BullMQ worker error');
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

  /**
   * Starts the links' nodes, then takes jobs from the queue. Rejects, after releasing the nodes,
   * when a link cannot start and `ignoreExceptions` is false. With `ignoreExceptions`, the next
   * job of that link tries its start again.
   */
  async start(): Promise<void> {
    if (this.state !== 'stopped') {
      throw new Error(`Cannot start a TransferWorker that is ${this.state}; await shutdown() first.`);
    }
    this.state = 'starting';
    this.logger.info(
      { links: this.linkSet.size, connection: describeConnection(this.connection), concurrency: this.concurrency },
      'transfer worker starting',
    );

    const failed = await this.startLinks(this.links);
    if (failed.length > 0 && !this.ignoreExceptions) {
      await this.stop(true, undefined);
      throw failed[0];
    }

    const worker = new Worker(this.queueName, (job: Job) => this.process(job), {
      ...this.workerOptions,
      connection: this.connection,
      prefix: this.prefix,
      concurrency: this.concurrency,
      settings: { repeatStrategy: databayRepeatStrategy },
    });
    worker.on('error', (error) => this.errorLog.log(error));
    this.worker = worker;
    const client = () => worker.getBackend().client;
    this.redisKeys = {
      numbers: new TransferNumbers(client, worker.toKey(TRANSFER_NUMBERS_KEY)),
      locks: new LinkLocks(client, worker.toKey(LINK_LOCK_KEY), linkLockTtlMs(this.workerOptions?.lockDuration)),
    };
    await worker.waitUntilReady();

    if (this.state !== 'starting') {
      throw new Error('The TransferWorker was shut down while it was starting; call start() again to run it.');
    }
    this.state = 'running';
    this.logger.info({ links: this.linkSet.size }, 'transfer worker started');
    this.emitSafely('started', { worker: this, startedAt: new Date() });
  }

  /**
   * Stops taking jobs, then (with `wait`, the default) waits for the running transfers, then
   * releases the links' nodes. Without `wait`, BullMQ stops renewing the locks of running jobs,
   * so another worker may run those jobs again once their lock expires.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    return this.stop(options.wait ?? true, undefined);
  }

  /**
   * Adds links; while the worker runs they are started. A failed start is logged, and without
   * `ignoreExceptions` that link is not added. Rejects only for a link id another link has.
   */
  async addLinks(links: Link | Link[]): Promise<void> {
    const added = this.linkSet.add(toArray(links));
    if (!this.running || added.length === 0) return;
    const failed = await this.startLinks(added);
    if (failed.length > 0 && !this.ignoreExceptions) {
      // Without ignoreExceptions a link that cannot start is not kept, so `links` lists what runs.
      const notStarted = added.filter((link) => !this.startedLinks.has(link));
      for (const link of this.linkSet.remove(notStarted)) this.linkSet.release(link);
    }
  }

  /** Removes links: their jobs fail from now on; each waits for its running transfer and releases its nodes. */
  async removeLinks(links: Link | Link[]): Promise<void> {
    const removed = this.linkSet.remove(toArray(links));
    this.admission.dropWaiting(removed);
    await Promise.all(
      removed.map(async (link) => {
        this.overlapRuns.delete(link);
        await link.whenIdle();
        await this.stopLink(link);
        this.linkSet.release(link);
      }),
    );
  }

  /** Runs one transfer job; its return value is stored with the completed job. */
  private async process(job: Job): Promise<TransferJobResult> {
    const link = this.linkOf(job);
    const scheduledAtMs = scheduledTimeOf(job);
    if (!this.startedLinks.has(link)) await this.startLinkForJob(link, job);

    const decided = this.admission.admit(link);
    const admission = decided instanceof Promise ? await decided : decided;
    if (admission === 'skip') {
      if (decided instanceof Promise) return { linkId: link.id, status: 'skipped', reason: 'stopping' };
      this.reportOverlap(link, scheduledAtMs, 'the previous transfer is still running in this worker');
      return { linkId: link.id, status: 'skipped', reason: 'overlap' };
    }

    let claim: RedisClaim | 'overlap';
    try {
      claim = await this.claimInRedis(link);
    } catch (thrown) {
      this.admission.finish(link);
      const error = toError(thrown);
      // No transfer ran, so the worker goes on; BullMQ's own errors report a lost connection.
      this.logger.error({ err: error, linkId: link.id, jobId: job.id }, 'taking the overlap lock or transfer number failed in Redis; the job fails without a transfer');
      throw error;
    }
    if (claim === 'overlap') {
      this.admission.finish(link);
      this.reportOverlap(link, scheduledAtMs, 'a transfer of this link is running in another worker');
      return { linkId: link.id, status: 'skipped', reason: 'overlap' };
    }
    this.endOverlapRun(link);

    try {
      const result = await link.runTransfer(scheduledAtMs, claim.transferNumber);
      return {
        linkId: link.id,
        status: 'ok',
        update: result.update.toString(),
        recordsInTotal: result.recordsInTotal,
        recordsOutTotal: result.recordsOutTotal,
        durationMs: result.durationMs,
      };
    } catch (thrown) {
      const error = toError(thrown);
      this.onTransferFailed(error, link, job);
      throw error;
    } finally {
      this.admission.finish(link);
      await claim.lock?.release();
    }
  }

  /**
   * Takes the link's lock in Redis (for a 'skip' link) and then its next transfer number, or
   * returns 'overlap' when another process holds the lock. A 'queue' or 'parallel' link takes
   * no lock: its gate limits its transfers per process only.
   */
  private async claimInRedis(link: Link): Promise<RedisClaim | 'overlap'> {
    if (this.redisKeys === undefined) throw new Error('The TransferWorker got a job before start() created its BullMQ worker.');
    const { locks, numbers } = this.redisKeys;

    const lock = link.overlapGate === undefined ? await locks.acquire(link) : undefined;
    if (link.overlapGate === undefined && lock === undefined) return 'overlap';
    try {
      return { lock, transferNumber: await numbers.take(link.id) };
    } catch (error) {
      await lock?.release();
      throw error;
    }
  }

  /** Finds the job's link; a job it cannot run fails without retries, with what to do in the message. */
  private linkOf(job: Job): Link {
    if (!isTransferJobData(job.data)) {
      const message = `Job "${job.id}" in queue "${this.queueName}" has no linkId in its data; transfer jobs are added by a BullMQPlanner.`;
      this.logger.error({ jobId: job.id, jobName: job.name }, message);
      throw new UnrecoverableError(message);
    }

    const linkId = job.data.linkId;
    const link = this.linkSet.get(linkId);
    if (link !== undefined) return link;

    const known = this.linkSet.ids();
    const message =
      `Unknown link "${linkId}" in job "${job.id}" of queue "${this.queueName}": this TransferWorker has ` +
      `${known.length === 0 ? 'no links' : `links ${known.map((id) => `"${id}"`).join(', ')}`}. ` +
      `Build the worker with the same links, by id, as the planner that schedules them, ` +
      `or remove the job scheduler "${linkId}" from the queue.`;
    this.logger.error({ jobId: job.id, linkId }, message);
    throw new UnrecoverableError(message);
  }

  /** Starts a link whose start failed earlier (with `ignoreExceptions`); a failure fails the job. */
  private async startLinkForJob(link: Link, job: Job): Promise<void> {
    try {
      await this.startLink(link);
    } catch (thrown) {
      const error = toError(thrown);
      this.logger.error({ err: error, linkId: link.id, jobId: job.id }, 'link failed to start for a transfer job');
      this.onTransferFailed(error, link, job);
      throw error;
    }
  }

  /** Starts links; returns the errors of those that failed, each logged. */
  private async startLinks(links: Link[]): Promise<Error[]> {
    const results = await Promise.allSettled(links.map((link) => this.startLink(link)));
    const errors: Error[] = [];
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      const error = toError(result.reason);
      this.logger.error({ err: error, linkId: links[index].id }, 'link failed to start');
      errors.push(error);
    });
    return errors;
  }

  private async startLink(link: Link): Promise<void> {
    if (this.startedLinks.has(link)) return;
    await link.start();
    // removeLinks or shutdown may have run while the link started; give the start back then.
    if (this.state === 'stopped' || this.state === 'stopping' || !this.linkSet.has(link)) {
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

  /** Reports a skipped job. The first skip of a run logs at warn, so a long transfer logs one warning, not one per job. */
  private reportOverlap(link: Link, scheduledAtMs: number | undefined, cause: string): void {
    const skippedInARow = (this.overlapRuns.get(link) ?? 0) + 1;
    this.overlapRuns.set(link, skippedInARow);

    const scheduledAt = new Date(scheduledAtMs ?? Date.now());
    const details = { scheduledAt: scheduledAt.toISOString(), skippedInARow };
    const message = `transfer skipped: ${cause}`;
    if (skippedInARow === 1) link.logger.warn(details, message);
    else link.logger.debug(details, message);

    if (link.hasListeners('transferSkipped')) {
      link.notify('transferSkipped', { link, scheduledAt, reason: 'overlap', missedTicks: 1 });
    }
  }

  private endOverlapRun(link: Link): void {
    const skipped = this.overlapRuns.get(link);
    if (skipped === undefined) return;
    this.overlapRuns.delete(link);
    if (skipped > 1) link.logger.warn({ skippedJobs: skipped }, 'a transfer ran over several scheduled jobs; consider a longer interval');
  }

  /** Decides whether the worker goes on after a failed transfer. The link has already logged the failure. */
  private onTransferFailed(error: Error, link: Link, job: Job): void {
    if (this.ignoreExceptions || !this.running) return;
    this.logger.error(
      { err: error, linkId: link.id, jobId: job.id },
      'transfer worker stopping because a transfer failed; set ignoreExceptions to keep it running',
    );
    this.stop(true, error).catch((stopError: unknown) => {
      this.logger.error({ err: stopError }, 'transfer worker shutdown failed');
    });
  }

  private stop(wait: boolean, cause: Error | undefined): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.state === 'stopped') return Promise.resolve();

    this.state = 'stopping';
    this.logger.info({ wait }, 'transfer worker stopping');
    this.admission.dropWaiting();
    this.overlapRuns.clear();

    this.stopping = (async () => {
      const worker = this.worker;
      this.worker = undefined;
      try {
        // close(false) waits for the jobs that are running; close(true) does not.
        await worker?.close(!wait);
      } catch (error) {
        this.logger.error({ err: error }, 'closing the BullMQ worker failed');
      }

      const links = [...this.startedLinks];
      if (wait) await Promise.all(links.map((link) => link.whenIdle()));
      await Promise.all(links.map((link) => this.stopLink(link)));

      this.state = 'stopped';
      this.stopping = undefined;
      this.logger.info('transfer worker stopped');
      this.emitSafely('stopped', { worker: this, stoppedAt: new Date(), error: cause });
    })();
    return this.stopping;
  }

  /** Emits a worker event; a listener that throws is logged so that start and shutdown still complete. */
  private emitSafely<E extends 'started' | 'stopped'>(name: E, ...args: TransferWorkerEvents[E]): void {
    emitSafely(this, this.logger, 'transfer worker', name, args);
  }
}

/** The lock and transfer number a job took in Redis for its transfer. */
interface RedisClaim {
  lock: HeldLinkLock | undefined;
  transferNumber: number;
}
