import type { TransferRecord } from '@databay-studio/shared';
import type { StudioDatabase } from './database.js';

/** Default number of transfers kept per link; older ones are deleted as new ones come. */
export const DEFAULT_TRANSFERS_PER_LINK = 500;

interface TransferRow {
  link_id: string;
  update_name: string;
  started_at: string;
  duration_ms: number;
  records_in: number;
  records_out: number;
  status: TransferRecord['status'];
  error: string | null;
  /** JSON of TransferRecord.nodes; null on skipped ticks and rows stored before the column existed. */
  nodes: string | null;
}

/** Transfer history of deployed flows, bounded per link. */
export class TransferStore {
  private readonly insertStatement;
  private readonly pruneStatement;
  private readonly listStatement;
  private readonly listByLinkStatement;
  private readonly lastStatement;
  private readonly insertAndPrune;

  constructor(
    database: StudioDatabase,
    readonly perLinkLimit = DEFAULT_TRANSFERS_PER_LINK,
  ) {
    this.insertStatement = database.prepare(
      `INSERT INTO transfers (flow_id, link_id, update_name, started_at, duration_ms, records_in, records_out, status, error, nodes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.pruneStatement = database.prepare(
      `DELETE FROM transfers WHERE flow_id = ? AND link_id = ? AND id <= (
         SELECT id FROM transfers WHERE flow_id = ? AND link_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    this.listStatement = database.prepare('SELECT * FROM transfers WHERE flow_id = ? ORDER BY id DESC LIMIT ?');
    this.listByLinkStatement = database.prepare(
      'SELECT * FROM transfers WHERE flow_id = ? AND link_id = ? ORDER BY id DESC LIMIT ?',
    );
    this.lastStatement = database.prepare(
      `SELECT * FROM transfers WHERE flow_id = ? AND link_id = ? AND status != 'skipped' ORDER BY id DESC LIMIT 1`,
    );
    this.insertAndPrune = database.transaction((flowId: string, transfer: TransferRecord) => {
      this.insertStatement.run(
        flowId,
        transfer.linkId,
        transfer.update,
        transfer.startedAt,
        transfer.durationMs,
        transfer.recordsIn,
        transfer.recordsOut,
        transfer.status,
        transfer.error ?? null,
        transfer.nodes === undefined ? null : JSON.stringify(transfer.nodes),
      );
      this.pruneStatement.run(flowId, transfer.linkId, flowId, transfer.linkId, this.perLinkLimit);
    });
  }

  add(flowId: string, transfer: TransferRecord): void {
    this.insertAndPrune(flowId, transfer);
  }

  /** Newest first. */
  list(flowId: string, limit: number, linkId?: string): TransferRecord[] {
    const rows = (
      linkId === undefined ? this.listStatement.all(flowId, limit) : this.listByLinkStatement.all(flowId, linkId, limit)
    ) as TransferRow[];
    return rows.map(toTransfer);
  }

  /** Newest transfer of a link that ran (ok or failed), skipping skipped ticks. */
  last(flowId: string, linkId: string): TransferRecord | undefined {
    const row = this.lastStatement.get(flowId, linkId) as TransferRow | undefined;
    return row ? toTransfer(row) : undefined;
  }
}

function toTransfer(row: TransferRow): TransferRecord {
  return {
    linkId: row.link_id,
    update: row.update_name,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    recordsIn: row.records_in,
    recordsOut: row.records_out,
    status: row.status,
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.nodes !== null && row.nodes !== undefined ? { nodes: JSON.parse(row.nodes) as TransferRecord['nodes'] } : {}),
  };
}
