import { describe, expect, it } from 'vitest';
import type { TransferRecord } from '@databay-studio/shared';
import { buildHistoryChart, MIN_CHART_SLOTS, niceCeiling, nodeCountsOf } from './history-chart';

const SIZE = { width: 200, height: 50 };

function transfer(update: string, recordsOut: number, durationMs: number, status: TransferRecord['status'] = 'ok'): TransferRecord {
  return { linkId: 'l1', update, startedAt: '2026-12-04T20:00:00.000Z', durationMs, recordsIn: recordsOut, recordsOut, status };
}

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0.7)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(120)).toBe(200);
    expect(niceCeiling(1461)).toBe(2000);
    expect(niceCeiling(5000)).toBe(5000);
    expect(niceCeiling(5001)).toBe(10000);
  });

  it('gives 1 for zero and invalid maxima', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(-4)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });
});

describe('buildHistoryChart', () => {
  it('draws the oldest transfer on the left', () => {
    const chart = buildHistoryChart([transfer('t.1', 100, 40), transfer('t.0', 50, 20)], SIZE, (entry) => entry.update);
    expect(chart.bars.map((bar) => bar.title)).toEqual(['t.0', 't.1']);
    expect(chart.bars[0].x).toBeLessThan(chart.bars[1].x);
  });

  it('carries each transfer start time', () => {
    const newer = { ...transfer('t.1', 100, 40), startedAt: '2026-12-04T20:00:10.000Z' };
    const chart = buildHistoryChart([newer, transfer('t.0', 50, 20)], SIZE, (entry) => entry.update);
    expect(chart.bars[0].startedAt).toBe('2026-12-04T20:00:00.000Z');
    expect(chart.bars[1].startedAt).toBe('2026-12-04T20:00:10.000Z');
  });

  it('scales bars to records out and points to duration', () => {
    const chart = buildHistoryChart([transfer('t.1', 100, 50), transfer('t.0', 50, 25)], SIZE, (entry) => entry.update);
    expect(chart.maxRecords).toBe(100);
    expect(chart.maxDurationMs).toBe(50);
    expect(chart.bars[1].height).toBe(SIZE.height);
    expect(chart.bars[0].height).toBe(SIZE.height / 2);
    expect(chart.bars[0].y).toBe(SIZE.height / 2);
    expect(chart.bars[1].durationY).toBe(0);
    expect(chart.bars[0].durationY).toBe(SIZE.height / 2);
    expect(chart.durationPath).toBe(`M${chart.bars[0].durationX},25 L${chart.bars[1].durationX},0`);
  });

  it('puts a short history at the right edge', () => {
    const chart = buildHistoryChart([transfer('t.0', 10, 5)], SIZE, (entry) => entry.update);
    const slot = SIZE.width / MIN_CHART_SLOTS;
    expect(chart.bars[0].width).toBeLessThan(slot);
    expect(chart.bars[0].x).toBeGreaterThan(SIZE.width - slot);
  });

  it('keeps bars inside the width', () => {
    const transfers = Array.from({ length: 30 }, (_, index) => transfer(`t.${index}`, index, index));
    const chart = buildHistoryChart(transfers, SIZE, (entry) => entry.update);
    const last = chart.bars[chart.bars.length - 1];
    expect(chart.bars[0].x).toBeGreaterThanOrEqual(0);
    expect(last.x + last.width).toBeLessThanOrEqual(SIZE.width);
  });

  it('draws a zero-height bar for a skipped tick', () => {
    const chart = buildHistoryChart([transfer('t.1', 0, 0, 'skipped'), transfer('t.0', 10, 5)], SIZE, (entry) => entry.update);
    expect(chart.bars[1]).toMatchObject({ height: 0, y: SIZE.height, status: 'skipped' });
  });

  it('is empty without transfers', () => {
    expect(buildHistoryChart([], SIZE, (entry) => entry.update)).toEqual({ bars: [], durationPath: '', maxRecords: 1, maxDurationMs: 1 });
  });
});

describe('nodeCountsOf', () => {
  it('lists nodes in flow order, then the rest', () => {
    const record = { ...transfer('t.0', 5, 1), nodes: { out1: { recordsOut: 5 }, extra: { recordsIn: 1 }, in1: { recordsIn: 9 } } };
    expect(nodeCountsOf(record, ['in1', 'l1', 'out1'])).toEqual([
      { nodeId: 'in1', recordsIn: 9 },
      { nodeId: 'out1', recordsOut: 5 },
      { nodeId: 'extra', recordsIn: 1 },
    ]);
  });

  it('is empty for a transfer without node counts', () => {
    expect(nodeCountsOf(transfer('t.0', 5, 1))).toEqual([]);
  });
});
