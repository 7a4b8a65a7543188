import { describe, expect, it } from 'vitest';
import type { TransferRecord } from '@databay-studio/shared';
import { describeTransfer, formatNodeCounts, formatTransferCounts } from './history-text';

const transfer: TransferRecord = {
  linkId: 'l1',
  update: 'weather.3',
  startedAt: '2026-12-04T20:00:00.000Z',
  durationMs: 2400,
  recordsIn: 300000,
  recordsOut: 1461,
  status: 'ok',
};

describe('formatTransferCounts', () => {
  it('groups thousands on both sides', () => {
    expect(formatTransferCounts(transfer)).toBe('300,000 → 1,461');
    expect(formatTransferCounts({ recordsIn: 12, recordsOut: 0 })).toBe('12 → 0');
  });
});

describe('formatNodeCounts', () => {
  it('lists the counts a node has', () => {
    expect(formatNodeCounts({ recordsIn: 300000, recordsOut: 1461 })).toBe('300,000 in, 1,461 out');
    expect(formatNodeCounts({ recordsIn: 300000 })).toBe('300,000 in');
    expect(formatNodeCounts({ recordsOut: 1461 })).toBe('1,461 out');
    expect(formatNodeCounts({})).toBe('');
  });
});

describe('describeTransfer', () => {
  it('groups the counts of the tooltip', () => {
    const text = describeTransfer(transfer, 'UTC');

    expect(text).toContain('weather.3 at ');
    expect(text).toContain('20:00:00');
    expect(text).toContain(': ok, 300,000 in, 1,461 out, 2.4 s');
  });
});
