import type { TransferStatus } from './events.js';
import type { FlowProblem } from './validate-flow.js';

/** One row of GET /api/flows/:id/transfers, newest first. */
export interface TransferRecord {
  linkId: string;
  update: string;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  recordsIn: number;
  recordsOut: number;
  status: TransferStatus;
  error?: string;
  /**
   * Records per node of the transfer, by node id: `recordsIn` for each inlet (records it pulled),
   * `recordsOut` for each outlet (records it received after its own processors). Missing on
   * skipped ticks and on transfers stored before the studio kept these counts.
   */
  nodes?: Record<string, NodeTransferCounts>;
}

/** Records one node moved in a transfer. */
export interface NodeTransferCounts {
  recordsIn?: number;
  recordsOut?: number;
}

/** Body of a 422 from POST /api/flows/:id/deploy. */
export interface DeployErrorResponse {
  errors: FlowProblem[];
}

/** Body of every other API error. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}
