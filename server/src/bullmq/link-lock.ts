import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RedisClient } from 'bullmq';
import type { Logger } from 'pino';
import type { Link } from '../engine/link.js';
import { runScript } from './redis-scripts.js';

/** Key prefix, under the queue's prefix, of the per-link locks: the link id follows. */
export const LINK_LOCK_KEY = 'databay:link-lock:';

/** BullMQ's default `lockDuration` of a worker's jobs, in milliseconds. */
const BULLMQ_LOCK_DURATION_MS = 30_000;

/**
 * Returns the time to live of a link lock for a worker whose BullMQ job locks last
 * `lockDurationMs`: half of it. BullMQ renews a job lock every half `lockDuration` (its default
 * `lockRenewTime`), so a dead worker's job lock expires 1/2 to 1 `lockDuration` after the death.
 * Its link lock, refreshed every third of the TTL, expires 1/3 to 1/2 `lockDuration` after it,
 * so by the time BullMQ hands the stalled job to another worker, that worker can take the lock.
 */
export function linkLockTtlMs(lockDurationMs: number = BULLMQ_LOCK_DURATION_MS): number {
  return Math.max(1, Math.floor(lockDurationMs / 2));
}

/** A held link lock; `release()` once the transfer ended. */
export interface HeldLinkLock {
  readonly key: string;
  readonly token: string;
  /** Extends the lock to the full TTL again; false when it expired and is lost. */
  refresh(): Promise<boolean>;
  /** Stops refreshing and deletes the lock unless another holder has taken it since. */
  release(): Promise<void>;
}

/**
 * Per-link locks in Redis that keep a 'skip' link to one running transfer across every worker
 * process of a queue. A lock is `SET key token NX PX ttl`, refreshed every third of its TTL
 * while the transfer runs and deleted with a compare-and-delete script when it ends. A worker
 * that dies stops refreshing, so its lock expires at most `ttlMs` later.
 */
export class LinkLocks {
  /** Prefix of each lock's token, so a lock read from Redis shows which process holds it. */
  private readonly holder = `${hostname()}:${process.pid}`;

  /**
   * @param client BullMQ's Redis client of the worker.
   * @param keyPrefix The full key prefix, e.g. `worker.toKey(LINK_LOCK_KEY)`.
   * @param ttlMs Time to live of a lock, in milliseconds.
   */
  constructor(
    private readonly client: () => Promise<RedisClient>,
    private readonly keyPrefix: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the link's lock and keeps refreshing it, or returns undefined when another transfer holds it. */
  async acquire(link: Link): Promise<HeldLinkLock | undefined> {
    const key = this.keyPrefix + link.id;
    const token = `${this.holder}:${randomUUID()}`;
    const taken = await runScript(await this.client(), 'databayAcquireLinkLock', [key, token, this.ttlMs]);
    if (taken !== 1) return undefined;
    return new RefreshedLock(this.client, key, token, this.ttlMs, link.logger);
  }
}

class RefreshedLock implements HeldLinkLock {
  private readonly timer: NodeJS.Timeout;
  private released = false;
  /** Refreshes that failed in a row; only the first of a run is logged. */
  private failedRefreshes = 0;

  constructor(
    private readonly client: () => Promise<RedisClient>,
    readonly key: string,
    readonly token: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.refreshOnTimer(), Math.max(1, Math.floor(ttlMs / 3)));
    // A running transfer keeps the process alive, not the refresh of its lock.
    this.timer.unref();
  }

  async refresh(): Promise<boolean> {
    const refreshed = await runScript(await this.client(), 'databayRefreshLinkLock', [this.key, this.token, this.ttlMs]);
    return refreshed === 1;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    try {
      await runScript(await this.client(), 'databayReleaseLinkLock', [this.key, this.token]);
    } catch (error) {
      // The lock expires by itself within its TTL, so the next transfer of the link waits no longer than that.
      this.logger.error({ err: error, lockKey: this.key, ttlMs: this.ttlMs }, 'releasing the overlap lock failed; it expires by itself');
    }
  }

  private async refreshOnTimer(): Promise<void> {
    if (this.released) return;
    let refreshed: boolean;
    try {
      refreshed = await this.refresh();
    } catch (error) {
      // The next tick tries again; the lock stays valid until its TTL runs out.
      this.failedRefreshes += 1;
      if (this.failedRefreshes === 1) {
        this.logger.error({ err: error, lockKey: this.key, ttlMs: this.ttlMs }, 'refreshing the overlap lock failed; retrying');
      }
      return;
    }
    this.failedRefreshes = 0;
    if (refreshed || this.released) return;

    clearInterval(this.timer);
    this.logger.warn(
      { lockKey: this.key, ttlMs: this.ttlMs },
      'overlap lock expired while the transfer ran, so another worker may start a transfer of this link; ' +
        'a blocked event loop or a lost Redis connection delays the refresh',
    );
  }
}
