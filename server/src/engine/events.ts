import type { Inlet } from './inlet.js';
import type { Link } from './link.js';
import type { Outlet } from './outlet.js';
import type { NodeSchedulePlanner } from './planner.js';
import type { Update } from './update.js';

/** Part of a link where a node failed. */
export type FailureStage = 'start' | 'inlet' | 'processor' | 'grouper' | 'outlet' | 'shutdown';

/** Reason a scheduled tick started no transfer. */
export type SkipReason = 'overlap' | 'missed';

export interface TransferStartedEvent {
  link: Link;
  update: Update;
  startedAt: Date;
  /** Grid time the planner scheduled this transfer for; undefined for a direct or forced transfer. */
  scheduledAt?: Date;
}

export interface InletCount {
  inlet: Inlet;
  count: number;
}

export interface OutletCount {
  outlet: Outlet;
  count: number;
}

export interface TransferFinishedEvent {
  link: Link;
  update: Update;
  startedAt: Date;
  durationMs: number;
  status: 'ok' | 'failed';
  /** Records each inlet added, in the link's inlet order. A failed inlet counts 0. */
  recordsIn: InletCount[];
  /** Records each outlet received over all batches, after its own processors. */
  recordsOut: OutletCount[];
  recordsInTotal: number;
  recordsOutTotal: number;
  /** Set when `status` is 'failed'. */
  error?: Error;
}

export interface TransferSkippedEvent {
  link: Link;
  /** Grid time of the first tick that started no transfer. */
  scheduledAt: Date;
  /**
   * 'overlap': the tick came while the link's previous transfer still ran.
   * 'missed': the process was blocked past one or more grid times; see `missedTicks`.
   */
  reason: SkipReason;
  /** Number of ticks skipped; 1 for an overlap. */
  missedTicks: number;
}

export interface NodeFailedEvent {
  link: Link;
  /** Undefined when the failure happened outside a transfer (start or shutdown). */
  update?: Update;
  stage: FailureStage;
  /** Undefined for a link processor or grouper, which belong to no node. */
  node?: Inlet | Outlet;
  /** Name of the node, or of the processor or grouper function, as logged. */
  nodeName: string;
  error: Error;
}

export interface PlannerStartedEvent {
  planner: NodeSchedulePlanner;
  startedAt: Date;
}

export interface PlannerStoppedEvent {
  planner: NodeSchedulePlanner;
  stoppedAt: Date;
  /** The transfer failure that made the planner stop, when `ignoreExceptions` is false. */
  error?: Error;
}

/**
 * Events of a link, in EventEmitter's tuple form. None is called 'error', because EventEmitter
 * throws on an 'error' event without a listener.
 */
export interface LinkEvents {
  /** A transfer began: its update is fixed and its inlets are about to be pulled. */
  transferStarted: [event: TransferStartedEvent];
  /** A transfer ended, successfully or not. Comes once for every `transferStarted`. */
  transferFinished: [event: TransferFinishedEvent];
  /** A scheduled tick started no transfer; no `transferStarted` comes for it. */
  transferSkipped: [event: TransferSkippedEvent];
  /**
   * An inlet, outlet, processor or grouper threw, or a node's onStart or onShutdown did. With
   * `ignoreExceptions` the transfer goes on; without it, `transferFinished` follows with 'failed'.
   */
  nodeFailed: [event: NodeFailedEvent];
}

/** Events of a planner: every event of its links, plus its own start and stop. */
export interface PlannerEvents extends LinkEvents {
  /** Links are started and scheduled, and immediate transfers are done. */
  started: [event: PlannerStartedEvent];
  /** Scheduling ended and the planner's links released their nodes. */
  stopped: [event: PlannerStoppedEvent];
}
