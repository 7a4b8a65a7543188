export { BullMQPlanner, DEFAULT_JOB_OPTIONS, type BullMQPlannerOptions, type BullMQShutdownOptions, type TransferJobOptions } from './planner.js';
export { TransferWorker, DEFAULT_CONCURRENCY, type TransferWorkerOptions } from './transfer-worker.js';
export { DEFAULT_QUEUE_NAME, type RedisConnection } from './connection.js';
export { databayRepeatStrategy } from './schedule.js';
export type { TransferJobData, TransferJobResult } from './job-data.js';
export type {
  BullMQPlannerEvents,
  BullMQPlannerStartedEvent,
  BullMQPlannerStoppedEvent,
  TransferWorkerEvents,
  TransferWorkerStartedEvent,
  TransferWorkerStoppedEvent,
} from './events.js';
