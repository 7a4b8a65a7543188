import { intervalToMs, nextFireTime, type IntervalSpec, type OverlapPolicy, type ScheduleSpec } from '@databay-studio/shared';
import type { Logger } from 'pino';
import { OverlapGate } from '../schedule/overlap-gate.js';
import { InvalidLinkOptionError } from './errors.js';
import type { Inlet } from './inlet.js';
import type { Grouper, Outlet, Processor } from './outlet.js';

export interface LinkOptions {
  inlets: Inlet[];
  outlets: Outlet[];
  /**
   * Time between transfers: milliseconds, or units such as `{ minutes: 1, seconds: 30 }`.
   * Needed unless `schedule` is given, which replaces it.
   */
  interval?: IntervalSpec;
  /**
   * When transfers run: `{ interval }` or `{ cron, timezone? }`, each with optional `startAt` and
   * `endAt` (ISO 8601). Replaces `interval`. A plain `{ interval }` runs on the same fixed grid.
   */
  schedule?: ScheduleSpec;
  /**
   * What a tick does while earlier transfers still run: `skip` it (the default), `queue` at most
   * one to run right after, or run in `parallel` up to `maxConcurrent` transfers at once.
   */
  overlap?: OverlapPolicy;
  /** With overlap `parallel`: the most transfers running at once. Default 2. */
  maxConcurrent?: number;
  /** Prefix of every update, e.g. tags ['quakes'] give updates `quakes.0`, `quakes.1`. */
  tags?: string | string[];
  /** Defaults to `link-<n>`. */
  id?: string;
  /** Give every outlet its own deep copy of the records, so one outlet's changes stay its own. Default true. */
  copyRecords?: boolean;
  /** Log and report a failing node, processor or grouper, and go on with the transfer. Default false. */
  ignoreExceptions?: boolean;
  /** Most inlets pulled at the same time. Default: no limit. */
  inletConcurrency?: number;
  /**
   * Push each batch an inlet reads (see `Inlet.pullBatches`) before the inlet reads the next,
   * instead of pushing once every inlet has finished. A transfer then keeps one batch per inlet
   * in memory at a time, so a large file moves in bounded memory. Processors run on each batch. Groupers
   * are not allowed, because a grouper needs all records of a transfer. Default false.
   */
  streamBatches?: boolean;
  /** Run one transfer as soon as the planner starts, if the planner's option is on too. Default true. */
  immediateTransfer?: boolean;
  /** Run in order on all records of a transfer, before the groupers. */
  processors?: Processor[];
  /** Split or merge the processed records into batches; each batch is pushed on its own. */
  groupers?: Grouper[];
  /** Parent of the link's logger; the link adds its id and tags. Default: the engine's logger. */
  logger?: Logger;
}

export function tagList(tags: string | string[] | undefined): string[] {
  if (tags === undefined) return [];
  if (typeof tags === 'string') return [tags];
  return Array.isArray(tags) ? [...tags] : tags;
}

export function parseSchedule(id: string, options: LinkOptions): ScheduleSpec {
  if (options.schedule !== undefined) {
    try {
      // Finds a bad cron expression, time zone or interval now rather than at the first tick.
      nextFireTime(options.schedule, new Date());
    } catch (error) {
      throw new InvalidLinkOptionError(`Link "${id}": invalid schedule: ${(error as Error).message}`);
    }
    return options.schedule;
  }
  if (options.interval === undefined) {
    throw new InvalidLinkOptionError(`Link "${id}": give an interval or a schedule.`);
  }
  return { interval: options.interval };
}

export function parseOverlap(id: string, options: LinkOptions): OverlapGate | undefined {
  const overlap = options.overlap ?? 'skip';
  if (overlap !== 'skip' && overlap !== 'queue' && overlap !== 'parallel') {
    throw new InvalidLinkOptionError(
      `Link "${id}": invalid overlap ${JSON.stringify(overlap)}; use "skip", "queue" or "parallel".`,
    );
  }
  if (options.maxConcurrent !== undefined && overlap !== 'parallel') {
    throw new InvalidLinkOptionError(
      `Link "${id}": maxConcurrent=${options.maxConcurrent} needs overlap "parallel"; remove it or set overlap to "parallel".`,
    );
  }
  if (overlap === 'skip') return undefined;
  try {
    return new OverlapGate({ overlap, maxConcurrent: options.maxConcurrent });
  } catch (error) {
    throw new InvalidLinkOptionError(`Link "${id}": ${(error as Error).message}`);
  }
}

export function parseInterval(id: string, interval: IntervalSpec): number {
  try {
    return intervalToMs(interval);
  } catch (error) {
    (error as Error).message = `Link "${id}": ${(error as Error).message}`;
    throw error;
  }
}

export function checkOptions(id: string, options: LinkOptions): void {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidLinkOptionError(`Invalid link id ${JSON.stringify(id)}: pass a non-empty string.`);
  }
  if (!Array.isArray(options.inlets)) {
    throw new InvalidLinkOptionError(`Link "${id}": inlets must be an array of Inlet, got ${typeof options.inlets}.`);
  }
  if (!Array.isArray(options.outlets)) {
    throw new InvalidLinkOptionError(`Link "${id}": outlets must be an array of Outlet, got ${typeof options.outlets}.`);
  }
  const tags = tagList(options.tags);
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string' || tag.length === 0)) {
    throw new InvalidLinkOptionError(
      `Link "${id}": invalid tags ${JSON.stringify(options.tags)}; pass a non-empty string or an array of them.`,
    );
  }
  if (options.streamBatches && (options.groupers?.length ?? 0) > 0) {
    throw new InvalidLinkOptionError(
      `Link "${id}": streamBatches cannot be combined with groupers, because a grouper needs all records of a transfer at once. ` +
        'Remove the groupers, or turn streamBatches off.',
    );
  }
  const limit = options.inletConcurrency;
  if (limit !== undefined && !(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) {
    throw new InvalidLinkOptionError(
      `Link "${id}": invalid inletConcurrency ${String(limit)}; use a whole number of at least 1, or leave it unset for no limit.`,
    );
  }
}
