import { describe, expect, it } from 'vitest';
import type { LogEvent } from '@databay-studio/shared';
import { appendLogLines, containsSeq, emptyLogBuffer } from './log-buffer';

const line = (seq: number, message = `line ${seq}`): LogEvent => ({
  seq,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  level: 'info',
  flowId: 'f1',
  message,
});

const seqs = (lines: LogEvent[]) => lines.map((entry) => entry.seq);

describe('appendLogLines', () => {
  it('appends lines in seq order', () => {
    const buffer = appendLogLines(emptyLogBuffer(), [line(1), line(2), line(3)]);

    expect(seqs(buffer.lines)).toEqual([1, 2, 3]);
    expect(buffer.highestSeq).toBe(3);
  });

  it('drops lines whose seq is already held', () => {
    const first = appendLogLines(emptyLogBuffer(), [line(1), line(2)]);
    const next = appendLogLines(first, [line(2, 'replayed'), line(3)]);

    expect(seqs(next.lines)).toEqual([1, 2, 3]);
    expect(next.lines[1].message).toBe('line 2');
  });

  it('drops duplicates inside one batch', () => {
    const buffer = appendLogLines(emptyLogBuffer(), [line(5), line(5), line(6)]);

    expect(seqs(buffer.lines)).toEqual([5, 6]);
  });

  it('returns the same buffer when every line is known', () => {
    const first = appendLogLines(emptyLogBuffer(), [line(1), line(2)]);

    expect(appendLogLines(first, [line(1), line(2)])).toBe(first);
    expect(appendLogLines(first, [])).toBe(first);
  });

  it('merges a late line into seq order', () => {
    const first = appendLogLines(emptyLogBuffer(), [line(1), line(4)]);
    const next = appendLogLines(first, [line(3), line(2)]);

    expect(seqs(next.lines)).toEqual([1, 2, 3, 4]);
    expect(next.highestSeq).toBe(4);
  });

  it('keeps only the newest lines over the cap', () => {
    let buffer = emptyLogBuffer();
    for (let start = 1; start <= 25; start += 5) {
      buffer = appendLogLines(buffer, [0, 1, 2, 3, 4].map((offset) => line(start + offset)), 10);
    }

    expect(buffer.lines).toHaveLength(10);
    expect(seqs(buffer.lines)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(buffer.highestSeq).toBe(25);
  });

  it('keeps the highest seq after the cap drops lines', () => {
    const buffer = appendLogLines(emptyLogBuffer(), [line(1), line(2), line(3)], 2);

    expect(seqs(buffer.lines)).toEqual([2, 3]);
    expect(buffer.highestSeq).toBe(3);
  });
});

describe('containsSeq', () => {
  it('finds held seqs and misses others', () => {
    const lines = [1, 3, 5, 7, 9].map((seq) => line(seq));

    expect(containsSeq(lines, 1)).toBe(true);
    expect(containsSeq(lines, 9)).toBe(true);
    expect(containsSeq(lines, 5)).toBe(true);
    expect(containsSeq(lines, 4)).toBe(false);
    expect(containsSeq(lines, 10)).toBe(false);
    expect(containsSeq([], 1)).toBe(false);
  });
});
