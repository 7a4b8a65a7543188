import type { LogEvent } from '@databay-studio/shared';

/** Default number of log lines the studio keeps per flow; older lines are dropped first. */
export const LOG_LINE_CAP = 10_000;

/** The log lines held for one flow, in seq order, with the seqs held for dedupe. */
export interface LogBuffer {
  lines: LogEvent[];
  /** Highest seq ever received, kept after old lines are dropped so a resubscribe asks only for newer lines. */
  highestSeq: number;
}

export const emptyLogBuffer = (): LogBuffer => ({ lines: [], highestSeq: 0 });

/**
 * Returns the buffer with `incoming` merged in seq order, lines whose seq it already holds dropped,
 * and only the newest `cap` lines kept. Returns the same buffer when nothing new arrived.
 */
export function appendLogLines(buffer: LogBuffer, incoming: readonly LogEvent[], cap = LOG_LINE_CAP): LogBuffer {
  if (incoming.length === 0) return buffer;

  const seen = new Set<number>();
  const fresh: LogEvent[] = [];
  for (const line of incoming) {
    if (seen.has(line.seq)) continue;
    seen.add(line.seq);
    if (line.seq <= buffer.highestSeq && containsSeq(buffer.lines, line.seq)) continue;
    fresh.push(line);
  }
  if (fresh.length === 0) return buffer;

  fresh.sort((a, b) => a.seq - b.seq);
  const isInOrder = fresh[0].seq > buffer.highestSeq;
  const merged = isInOrder ? buffer.lines.concat(fresh) : mergeBySeq(buffer.lines, fresh);
  const nextLines = merged.length > cap ? merged.slice(merged.length - cap) : merged;

  return { lines: nextLines, highestSeq: Math.max(buffer.highestSeq, fresh[fresh.length - 1].seq) };
}

/** Binary search over lines sorted by seq. */
export function containsSeq(lines: readonly LogEvent[], seq: number): boolean {
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = lines[middle].seq;
    if (value === seq) return true;
    if (value < seq) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

function mergeBySeq(held: readonly LogEvent[], fresh: readonly LogEvent[]): LogEvent[] {
  const merged: LogEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < held.length && j < fresh.length) {
    if (held[i].seq <= fresh[j].seq) merged.push(held[i++]);
    else merged.push(fresh[j++]);
  }
  while (i < held.length) merged.push(held[i++]);
  while (j < fresh.length) merged.push(fresh[j++]);
  return merged;
}
