/** Data of a transfer job: the link to transfer. Scheduler jobs carry nothing else. */
export interface TransferJobData {
  linkId: string;
  /**
   * Why a job was added outside the link's job scheduler: 'immediate' for the transfer a planner
   * runs at start, 'enqueued' for `BullMQPlanner.enqueueTransfer`. Absent on scheduler jobs.
   */
  trigger?: 'immediate' | 'enqueued';
}

/** Return value of a transfer job, as BullMQ stores it with the completed job. */
export type TransferJobResult =
  | {
      linkId: string;
      status: 'ok';
      /** The transfer's update, e.g. `quakes.12`, numbered by a counter in Redis that every worker shares. */
      update: string;
      recordsInTotal: number;
      recordsOutTotal: number;
      durationMs: number;
    }
  | {
      linkId: string;
      status: 'skipped';
      /** 'overlap': a transfer of the link was running, in this worker or another; 'stopping': the worker was shutting down. */
      reason: 'overlap' | 'stopping';
    };

/** Checks job data read from Redis, which any client may have written. */
export function isTransferJobData(data: unknown): data is TransferJobData {
  return typeof data === 'object' && data !== null && typeof (data as { linkId?: unknown }).linkId === 'string';
}
