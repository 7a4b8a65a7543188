import { useMemo } from 'react';
import type { TransferRecord } from '@databay-studio/shared';
import { formatDuration } from '../../canvas/link-summary';
import { formatCount } from '../../ui/format-count';
import { buildHistoryChart } from './history-chart';
import { describeTransfer } from './history-text';
import { buildTimeTicks } from './history-time-axis';

const WIDTH = 280;
const HEIGHT = 64;
/** Room for the maxima above the plot and for the time axis below it. */
const PAD_TOP = 12;
const PAD_BOTTOM = 16;
const TICK_LENGTH = 3;

/**
 * Bars of records out and a line of durations over a link's recent transfers, oldest on the left,
 * with the local start times of the oldest, middle and newest bar on the time axis below.
 */
export function HistoryChart({ transfers }: { transfers: readonly TransferRecord[] }) {
  const chart = useMemo(() => buildHistoryChart(transfers, { width: WIDTH, height: HEIGHT }, (transfer) => describeTransfer(transfer)), [transfers]);
  const ticks = useMemo(() => buildTimeTicks(chart.bars.map((bar) => ({ x: bar.durationX, time: bar.startedAt })), WIDTH), [chart]);

  return (
    <figure className="history-chart" data-testid="history-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + PAD_TOP + PAD_BOTTOM}`} width="100%" role="img" aria-label="Records out and duration of recent transfers">
        <text x={0} y={9} className="history-chart__axis history-chart__axis--records">
          {formatCount(chart.maxRecords)} records
        </text>
        <text x={WIDTH} y={9} textAnchor="end" className="history-chart__axis history-chart__axis--duration">
          {formatDuration(chart.maxDurationMs)}
        </text>
        <g transform={`translate(0 ${PAD_TOP})`}>
          <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="history-chart__baseline" />
          {chart.bars.map((bar, index) => (
            <rect key={index} x={bar.x} y={bar.y} width={bar.width} height={Math.max(bar.height, 0.5)} className={`history-chart__bar history-chart__bar--${bar.status}`}>
              <title>{bar.title}</title>
            </rect>
          ))}
          {chart.bars.length > 1 && <path d={chart.durationPath} className="history-chart__line" />}
          {chart.bars.map((bar, index) => (
            <circle key={index} cx={bar.durationX} cy={bar.durationY} r={1.8} className="history-chart__point">
              <title>{bar.title}</title>
            </circle>
          ))}
          {ticks.map((tick) => (
            <g key={tick.x} data-testid="history-axis-tick">
              <line x1={tick.x} x2={tick.x} y1={HEIGHT} y2={HEIGHT + TICK_LENGTH} className="history-chart__tick" />
              <text x={tick.labelX} y={HEIGHT + TICK_LENGTH + 9} className="history-chart__axis history-chart__axis--time">
                {tick.label}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption className="history-chart__legend">
        <span className="history-chart__key history-chart__key--records" /> records out
        <span className="history-chart__key history-chart__key--duration" /> duration
      </figcaption>
    </figure>
  );
}
