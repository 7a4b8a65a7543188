import { describe, expect, it } from 'vitest';
import type { LogEvent, LogLevel } from '@databay-studio/shared';
import { defaultLogFilter, filterLogLines, formatLogTime } from './log-filter';

const line = (seq: number, level: LogLevel, message: string, nodeId?: string): LogEvent => ({
  seq,
  time: '2026-01-01T00:00:00.000Z',
  level,
  flowId: 'f1',
  nodeId,
  message,
});

const lines = [
  line(1, 'debug', 'pulling records', 'in1'),
  line(2, 'info', 'transfer started', 'l1'),
  line(3, 'warn', 'slow outlet', 'out1'),
  line(4, 'error', 'HTTP 500 from server', 'in1'),
];

const seqsOf = (events: LogEvent[]) => events.map((event) => event.seq);

describe('filterLogLines', () => {
  it('passes every line by default', () => {
    expect(seqsOf(filterLogLines(lines, defaultLogFilter))).toEqual([1, 2, 3, 4]);
  });

  it('hides lines below the minimum level', () => {
    expect(seqsOf(filterLogLines(lines, { ...defaultLogFilter, minLevel: 'warn' }))).toEqual([3, 4]);
  });

  it('keeps only the chosen node', () => {
    expect(seqsOf(filterLogLines(lines, { ...defaultLogFilter, nodeId: 'in1' }))).toEqual([1, 4]);
  });

  it('matches search text without case', () => {
    expect(seqsOf(filterLogLines(lines, { ...defaultLogFilter, search: 'http' }))).toEqual([4]);
  });

  it('hides cleared lines', () => {
    expect(seqsOf(filterLogLines(lines, { ...defaultLogFilter, clearedThroughSeq: 2 }))).toEqual([3, 4]);
  });
});

describe('formatLogTime', () => {
  it('returns text that is not a date unchanged', () => {
    expect(formatLogTime('soon')).toBe('soon');
  });

  it('formats milliseconds with three digits', () => {
    expect(formatLogTime('2026-01-01T00:00:00.007Z')).toMatch(/^\d\d:\d\d:\d\d\.007$/);
  });
});
