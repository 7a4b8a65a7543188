import type { TransferRecord, TransferStatus } from '@databay-studio/shared';

/** Size of the chart's drawing area in SVG user units. */
export interface ChartSize {
  width: number;
  height: number;
}

/** One transfer as a bar of its records out, with the point of its duration on the line. */
export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  status: TransferStatus;
  /** Centre of the bar and height of the duration point, for the duration line. */
  durationX: number;
  durationY: number;
  /** Start of the transfer, ISO 8601. */
  startedAt: string;
  title: string;
}

/** The geometry of the history chart: bars of records, a line of durations and both axis maxima. */
export interface HistoryChart {
  bars: ChartBar[];
  /** SVG path of the duration line, oldest transfer first; empty with no transfers. */
  durationPath: string;
  maxRecords: number;
  maxDurationMs: number;
}

/** Share of each slot the bar leaves empty, so neighbouring bars stay apart. */
const BAR_GAP = 0.25;

/** Minimum number of slots the width is cut into, so a short history draws narrow bars at the right instead of one wide block. */
export const MIN_CHART_SLOTS = 12;

/**
 * Rounds a maximum up to 1, 2 or 5 times a power of ten, so the axis label reads well;
 * 0 and negative values give 1, so an empty history still has a scale.
 */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

/**
 * Lays out transfers, given newest first as the API lists them, from oldest on the left to newest
 * at the right edge: one bar per transfer with its height from records out, and a line through the
 * durations. Both scales start at 0 and end at a nice maximum.
 */
export function buildHistoryChart(transfers: readonly TransferRecord[], size: ChartSize, formatTitle: (transfer: TransferRecord) => string): HistoryChart {
  const ordered = [...transfers].reverse();
  const maxRecords = niceCeiling(Math.max(0, ...ordered.map((transfer) => transfer.recordsOut)));
  const maxDurationMs = niceCeiling(Math.max(0, ...ordered.map((transfer) => transfer.durationMs)));
  if (ordered.length === 0) return { bars: [], durationPath: '', maxRecords, maxDurationMs };

  const slotCount = Math.max(ordered.length, MIN_CHART_SLOTS);
  const slot = size.width / slotCount;
  const firstSlot = slotCount - ordered.length;
  const barWidth = Math.max(1, slot * (1 - BAR_GAP));
  const bars = ordered.map((transfer, index): ChartBar => {
    const height = (transfer.recordsOut / maxRecords) * size.height;
    const x = (firstSlot + index) * slot + (slot - barWidth) / 2;
    return {
      x: round(x),
      y: round(size.height - height),
      width: round(barWidth),
      height: round(height),
      status: transfer.status,
      durationX: round(x + barWidth / 2),
      durationY: round(size.height - (transfer.durationMs / maxDurationMs) * size.height),
      startedAt: transfer.startedAt,
      title: formatTitle(transfer),
    };
  });

  const durationPath = bars.map((bar, index) => `${index === 0 ? 'M' : 'L'}${bar.durationX},${bar.durationY}`).join(' ');
  return { bars, durationPath, maxRecords, maxDurationMs };
}

/** Records each node moved in a transfer, in the order of `nodeIds` and then any others, for the history rows. */
export function nodeCountsOf(
  transfer: TransferRecord,
  nodeIds: readonly string[] = [],
): { nodeId: string; recordsIn?: number; recordsOut?: number }[] {
  const counts = transfer.nodes ?? {};
  const ids = [...nodeIds.filter((nodeId) => nodeId in counts), ...Object.keys(counts).filter((nodeId) => !nodeIds.includes(nodeId))];
  return ids.map((nodeId) => ({ nodeId, ...counts[nodeId] }));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
