import { useEffect, useState } from 'react';
import type { TransferRecord } from '@databay-studio/shared';
import { formatDuration } from '../canvas/link-summary';
import { formatLogTime } from '../log/log-filter';
import { useStudio } from '../store/studio-store';
import { useStudioActions } from '../studio/studio-context';

/** The newest transfers of a link, loaded again whenever one of its transfers ends. */
export function LinkTransfers({ linkId }: { linkId: string }) {
  const actions = useStudioActions();
  const lastUpdate = useStudio((state) => state.linkRuns[linkId]?.last?.update);
  const [transfers, setTransfers] = useState<TransferRecord[] | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void actions.loadTransfers(linkId).then((records) => {
      if (isCurrent) setTransfers(records);
    });
    return () => {
      isCurrent = false;
    };
  }, [actions, linkId, lastUpdate]);

  return (
    <section className="link-transfers" data-testid="link-transfers">
      <h3 className="inspector__section">Recent transfers</h3>
      {transfers === null && <p className="muted">Loading…</p>}
      {transfers?.length === 0 && <p className="muted">No transfers yet. Deploy the flow or run this link now.</p>}
      {transfers && transfers.length > 0 && (
        <table className="link-transfers__table">
          <thead>
            <tr>
              <th>Update</th>
              <th>Started</th>
              <th>Records</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {transfers.map((transfer) => (
              <tr key={`${transfer.update}-${transfer.startedAt}`} className={`transfer--${transfer.status}`} title={transfer.error}>
                <td>
                  <span className={`transfer-status transfer-status--${transfer.status}`} aria-label={transfer.status} />
                  {transfer.update}
                </td>
                <td>{formatLogTime(transfer.startedAt)}</td>
                <td>
                  {transfer.recordsIn} → {transfer.recordsOut}
                </td>
                <td>{formatDuration(transfer.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
