import type { Logger } from 'pino';
import { BullMQPlanner } from '../../bullmq/planner.js';
import type { LinkEvents } from '../../engine/events.js';
import type { Link, TransferResult } from '../../engine/link.js';
import { NodeSchedulePlanner, type ShutdownOptions } from '../../engine/planner.js';

/** Events a deployed flow's planner emits: its links' transfer events plus its own start and stop. */
export interface FlowPlannerEvents extends LinkEvents {
  started: [event: { startedAt: Date }];
  stopped: [event: { stoppedAt: Date; error?: Error }];
}

/**
 * `on` or `off` with one overload per event. Both planners' generic EventEmitter methods fit
 * these overloads, but not one generic signature over a different event map.
 */
interface FlowPlannerListen {
  (event: 'transferStarted', listener: (...args: FlowPlannerEvents['transferStarted']) => void): unknown;
  (event: 'transferFinished', listener: (...args: FlowPlannerEvents['transferFinished']) => void): unknown;
  (event: 'transferSkipped', listener: (...args: FlowPlannerEvents['transferSkipped']) => void): unknown;
  (event: 'nodeFailed', listener: (...args: FlowPlannerEvents['nodeFailed']) => void): unknown;
  (event: 'started', listener: (...args: FlowPlannerEvents['started']) => void): unknown;
  (event: 'stopped', listener: (...args: FlowPlannerEvents['stopped']) => void): unknown;
}

/**
 * The part of a planner that the deployment manager and the flow's event listeners use, so that
 * a flow runs on either `NodeSchedulePlanner` or `BullMQPlanner`.
 */
export interface FlowPlanner {
  start(): Promise<void>;
  /** Stops scheduling and releases the links' nodes; with `wait`, after the running transfers. */
  shutdown(options?: ShutdownOptions): Promise<void>;
  /** Runs one transfer of each link now, in this process, outside the schedule. */
  forceTransfer(links: Link[]): Promise<TransferResult[]>;
  /** Time of the link's next scheduled transfer; a promise where the planner reads it from Redis. */
  nextTransferAt(link: Link): Date | undefined | Promise<Date | undefined>;
  on: FlowPlannerListen;
  off: FlowPlannerListen;
}

/** Planner kind and settings that every deploy uses, from the studio's configuration. */
export type FlowPlannerSettings =
  | { kind: 'node-schedule' }
  | {
      kind: 'bullmq';
      /** Redis URL; may contain a password, which the BullMQ planner's log lines redact. */
      redisUrl: string;
      /** Prefix of the queues' Redis keys. Default: BullMQ's ('bull'). */
      prefix?: string;
    };

/** Name of a deployed flow's BullMQ queue; extra TransferWorkers of the flow must use it. */
export function flowQueueName(flowId: string): string {
  return `databay-flow-${flowId}`;
}

/**
 * Creates the planner of one deployed flow. Both kinds log a failed transfer and go on
 * (ignoreExceptions). The BullMQ planner gets the flow's own queue and also runs transfers in the
 * studio process, so a flow runs with no other worker started.
 */
export function createFlowPlanner(flowId: string, links: Link[], settings: FlowPlannerSettings, logger: Logger): FlowPlanner {
  if (settings.kind === 'bullmq') {
    return new BullMQPlanner({
      links,
      connection: settings.redisUrl,
      queueName: flowQueueName(flowId),
      prefix: settings.prefix,
      worker: true,
      ignoreExceptions: true,
      logger,
    });
  }
  return new NodeSchedulePlanner({ links, ignoreExceptions: true, logger });
}
