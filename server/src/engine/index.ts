export { DataRecord, newRecord, INLET_METADATA_KEY, type Metadata } from './record.js';
export { Update } from './update.js';
export { Inlet, type InletOptions, type PullResult } from './inlet.js';
export { Outlet, type OutletOptions, type Processor, type Grouper } from './outlet.js';
export { Link, type LinkOptions, type TransferResult } from './link.js';
export { NodeSchedulePlanner, type NodeSchedulePlannerOptions, type ShutdownOptions } from './planner.js';
export type {
  FailureStage,
  SkipReason,
  LinkEvents,
  PlannerEvents,
  TransferStartedEvent,
  TransferFinishedEvent,
  TransferSkippedEvent,
  NodeFailedEvent,
  PlannerStartedEvent,
  PlannerStoppedEvent,
  InletCount,
  OutletCount,
} from './events.js';
export { TransferError, NodeLifecycleError, InvalidLinkOptionError } from './errors.js';
export { engineLogger } from './logger.js';
export { gridTime, nextGridPoint, type GridPoint } from './grid.js';
export { GridScheduler } from './grid-scheduler.js';
export type { PlannerOverlapPolicy } from './overlap.js';
export { FireTimeScheduler, type FireTimeHandlers } from './fire-time-scheduler.js';
export { intervalToMs, InvalidIntervalError, type IntervalSpec } from '@databay-studio/shared';
