import type { TransferRecord } from '@databay-studio/shared';
import { formatDuration } from '../../canvas/link-summary';
import { formatCount } from '../../ui/format-count';
import { formatTransferTime } from './history-time-axis';

/** Formats a transfer's records in and out for its history row, e.g. "1,461 → 641". */
export function formatTransferCounts(transfer: Pick<TransferRecord, 'recordsIn' | 'recordsOut'>): string {
  return `${formatCount(transfer.recordsIn)} → ${formatCount(transfer.recordsOut)}`;
}

/** Formats one node's counts of a transfer, e.g. "1,461 in, 641 out", leaving out a count the node lacks. */
export function formatNodeCounts(counts: { recordsIn?: number; recordsOut?: number }): string {
  const parts: string[] = [];
  if (counts.recordsIn !== undefined) parts.push(`${formatCount(counts.recordsIn)} in`);
  if (counts.recordsOut !== undefined) parts.push(`${formatCount(counts.recordsOut)} out`);
  return parts.join(', ');
}

/** Describes a transfer for the tooltip of its chart bar: update, local start time, status, counts and duration. */
export function describeTransfer(transfer: TransferRecord, timeZone?: string): string {
  const counts = formatNodeCounts(transfer);
  return `${transfer.update} at ${formatTransferTime(transfer.startedAt, timeZone)}: ${transfer.status}, ${counts}, ${formatDuration(transfer.durationMs)}`;
}
