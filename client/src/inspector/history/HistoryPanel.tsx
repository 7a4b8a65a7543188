import { useEffect, useMemo, useState } from 'react';
import type { TransferRecord } from '@databay-studio/shared';
import { formatDuration } from '../../canvas/link-summary';
import { formatLogTime } from '../../log/log-filter';
import { useStudio } from '../../store/studio-store';
import { useStudioActions } from '../../studio/studio-context';
import { HistoryChart } from './HistoryChart';
import { nodeCountsOf } from './history-chart';
import { formatNodeCounts, formatTransferCounts } from './history-text';

/** Number of transfers the panel loads and charts. */
const HISTORY_LIMIT = 30;

/** Lists a link's recent transfers under a chart, and loads them again whenever one of its transfers ends. */
export function HistoryPanel({ linkId }: { linkId: string }) {
  const actions = useStudioActions();
  const lastUpdate = useStudio((state) => state.linkRuns[linkId]?.last?.update);
  // A joined string stays equal while nodes only move, so dragging does not re-render the panel.
  const nodeIdList = useStudio((state) => state.nodes.map((node) => node.id).join('\n'));
  const nodeIds = useMemo(() => nodeIdList.split('\n'), [nodeIdList]);
  const [transfers, setTransfers] = useState<TransferRecord[] | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void actions.loadTransfers(linkId, HISTORY_LIMIT).then((records) => {
      if (isCurrent) setTransfers(records);
    });
    return () => {
      isCurrent = false;
    };
  }, [actions, linkId, lastUpdate]);

  return (
    <section className="history-panel" data-testid="history-panel">
      <h3 className="inspector__section">History</h3>
      {transfers === null && <p className="muted">Loading…</p>}
      {transfers?.length === 0 && <p className="muted">No transfers yet. Deploy the flow or run this link now.</p>}
      {transfers && transfers.length > 0 && (
        <>
          <HistoryChart transfers={transfers} />
          <ol className="history-list">
            {transfers.map((transfer) => (
              <HistoryRow key={`${transfer.update}-${transfer.startedAt}`} transfer={transfer} nodeIds={nodeIds} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function HistoryRow({ transfer, nodeIds }: { transfer: TransferRecord; nodeIds: readonly string[] }) {
  const counts = nodeCountsOf(transfer, nodeIds);

  return (
    <li className={`history-row transfer--${transfer.status}`} data-testid="history-row" data-status={transfer.status} title={transfer.error}>
      <div className="history-row__main">
        <span className={`transfer-status transfer-status--${transfer.status}`} aria-label={transfer.status} />
        <span className="history-row__update">{transfer.update}</span>
        <span className="muted" data-testid="history-time">
          {formatLogTime(transfer.startedAt)}
        </span>
        <span className="history-row__records" data-testid="history-records">
          {formatTransferCounts(transfer)}
        </span>
        <span className="history-row__duration">{formatDuration(transfer.durationMs)}</span>
      </div>
      {counts.length > 0 && (
        <ul className="history-row__nodes">
          {counts.map((count) => (
            <li key={count.nodeId} data-testid={`history-node-${count.nodeId}`}>
              <code>{count.nodeId}</code> {formatNodeCounts(count)}
            </li>
          ))}
        </ul>
      )}
      {transfer.error && <p className="history-row__error">{transfer.error}</p>}
    </li>
  );
}
