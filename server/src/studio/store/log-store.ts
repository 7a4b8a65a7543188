import type { LogEvent } from '@databay-studio/shared';
import type { StudioDatabase } from './database.js';

/** Default number of log lines kept per flow; older ones are deleted as new ones come. */
export const DEFAULT_LOG_LINES_PER_FLOW = 5_000;

/**
 * Recent log lines of each flow with their `seq`. The last seq of a flow is kept in its own
 * table, so seq keeps rising after old lines are deleted and across restarts.
 */
export class LogStore {
  private readonly insertStatement;
  private readonly pruneStatement;
  private readonly seqStatement;
  private readonly readSeqStatement;
  private readonly replayStatement;
  private readonly writeBatch;

  constructor(
    database: StudioDatabase,
    readonly perFlowLimit = DEFAULT_LOG_LINES_PER_FLOW,
  ) {
    this.insertStatement = database.prepare('INSERT OR REPLACE INTO flow_logs (flow_id, seq, entry) VALUES (?, ?, ?)');
    this.pruneStatement = database.prepare('DELETE FROM flow_logs WHERE flow_id = ? AND seq <= ?');
    this.seqStatement = database.prepare(
      `INSERT INTO flow_log_seq (flow_id, last_seq) VALUES (?, ?)
       ON CONFLICT(flow_id) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)`,
    );
    this.readSeqStatement = database.prepare('SELECT last_seq FROM flow_log_seq WHERE flow_id = ?');
    this.replayStatement = database.prepare(
      'SELECT entry FROM flow_logs WHERE flow_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.writeBatch = database.transaction((flowId: string, events: LogEvent[]) => {
      for (const event of events) this.insertStatement.run(flowId, event.seq, JSON.stringify(event));
      const lastSeq = events[events.length - 1].seq;
      this.seqStatement.run(flowId, lastSeq);
      this.pruneStatement.run(flowId, lastSeq - this.perFlowLimit);
    });
  }

  /** Last seq written for the flow, 0 when it has none. */
  lastSeq(flowId: string): number {
    const row = this.readSeqStatement.get(flowId) as { last_seq: number } | undefined;
    return row?.last_seq ?? 0;
  }

  /** Writes lines of one flow, in seq order, in one transaction. */
  append(flowId: string, events: LogEvent[]): void {
    if (events.length === 0) return;
    this.writeBatch(flowId, events);
  }

  /** Stored lines with seq above `afterSeq`, oldest first. */
  after(flowId: string, afterSeq: number, limit = this.perFlowLimit): LogEvent[] {
    const rows = this.replayStatement.all(flowId, afterSeq, limit) as { entry: string }[];
    return rows.map((row) => JSON.parse(row.entry) as LogEvent);
  }
}
