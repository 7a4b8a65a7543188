import type { LinkEvents } from '../engine/events.js';
import type { BullMQPlanner } from './planner.js';
import type { TransferWorker } from './transfer-worker.js';

export interface BullMQPlannerStartedEvent {
  planner: BullMQPlanner;
  startedAt: Date;
}

export interface BullMQPlannerStoppedEvent {
  planner: BullMQPlanner;
  stoppedAt: Date;
  /** The transfer failure that made the planner stop, when `ignoreExceptions` is false. */
  error?: Error;
}

/** Events of a BullMQPlanner: every event of its links' transfers in this process, plus its own start and stop. */
export interface BullMQPlannerEvents extends LinkEvents {
  /** Job schedulers are in Redis, the worker (if any) takes jobs, and immediate transfers are enqueued. */
  started: [event: BullMQPlannerStartedEvent];
  /** Scheduling ended, the worker closed and this process's links released their nodes. */
  stopped: [event: BullMQPlannerStoppedEvent];
}

export interface TransferWorkerStartedEvent {
  worker: TransferWorker;
  startedAt: Date;
}

export interface TransferWorkerStoppedEvent {
  worker: TransferWorker;
  stoppedAt: Date;
  /** The transfer failure that made the worker stop, when `ignoreExceptions` is false. */
  error?: Error;
}

/** Events of a TransferWorker: every event of the transfers it runs, plus its own start and stop. */
export interface TransferWorkerEvents extends LinkEvents {
  /** The links are started and the worker takes jobs from the queue. */
  started: [event: TransferWorkerStartedEvent];
  /** The worker took its last job and its links released their nodes. */
  stopped: [event: TransferWorkerStoppedEvent];
}
