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
