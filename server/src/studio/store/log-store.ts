import type { LogEvent } from '@databay-studio/shared';
import type { StudioDatabase } from './database.js';

/** Default number of log lines kept per flow; older ones are deleted as new ones come. */
export const DEFAULT_LOG_LINES_PER_FLOW = 5_000;

/**
 * Recent log lines of each flow with their `seq`. Each flush is one row holding its lines as a
 * JSON array, because one insert per flush keeps the store cheap under bursts of thousands of
 * lines a second. The last seq of a flow is kept in its own table, so seq keeps rising after old
 * lines are deleted and across restarts.
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
    this.insertStatement = database.prepare(
      'INSERT INTO flow_log_batches (flow_id, first_seq, last_seq, entries) VALUES (?, ?, ?, ?)',
    );
    // A row that still contains some of the newest lines stays, and reads drop its older lines.
    this.pruneStatement = database.prepare('DELETE FROM flow_log_batches WHERE flow_id = ? AND last_seq <= ?');
    this.seqStatement = database.prepare(
      `INSERT INTO flow_log_seq (flow_id, last_seq) VALUES (?, ?)
       ON CONFLICT(flow_id) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)`,
    );
    this.readSeqStatement = database.prepare('SELECT last_seq FROM flow_log_seq WHERE flow_id = ?');
    this.replayStatement = database.prepare(
      'SELECT entries FROM flow_log_batches WHERE flow_id = ? AND last_seq > ? ORDER BY last_seq',
    );
    this.writeBatch = database.transaction((flowId: string, events: LogEvent[]) => {
      const firstSeq = events[0].seq;
      const lastSeq = events[events.length - 1].seq;
      this.insertStatement.run(flowId, firstSeq, lastSeq, JSON.stringify(events));
      this.seqStatement.run(flowId, lastSeq);
      this.pruneStatement.run(flowId, lastSeq - this.perFlowLimit);
    });
  }

  /** Last seq written for the flow, 0 when it has none. */
  lastSeq(flowId: string): number {
    const row = this.readSeqStatement.get(flowId) as { last_seq: number } | undefined;
    return row?.last_seq ?? 0;
  }

  /** Writes lines of one flow, in seq order, as one row in one transaction. */
  append(flowId: string, events: LogEvent[]): void {
    if (events.length === 0) return;
    this.writeBatch(flowId, events);
  }

  /** Stored lines with seq above `afterSeq`, oldest first; at most the newest `perFlowLimit`. */
  after(flowId: string, afterSeq: number): LogEvent[] {
    const oldestKept = this.lastSeq(flowId) - this.perFlowLimit;
    const from = Math.max(afterSeq, oldestKept);
    const rows = this.replayStatement.all(flowId, from) as { entries: string }[];

    const lines: LogEvent[] = [];
    for (const row of rows) {
      for (const line of JSON.parse(row.entries) as LogEvent[]) {
        if (line.seq > from) lines.push(line);
      }
    }
    return lines;
  }
}
