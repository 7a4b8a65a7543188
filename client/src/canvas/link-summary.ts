import { describeInterval, intervalToMs, type IntervalSpec } from '@databay-studio/shared';
import { formatCount, formatRecordCount } from '../ui/format-count';

/** Describes a link's interval config in words, or reports that it is invalid. */
export function describeIntervalConfig(interval: unknown): { text: string; isValid: boolean } {
  if (interval === undefined) return { text: 'no interval set', isValid: false };
  try {
    return { text: describeInterval(intervalToMs(interval as IntervalSpec)), isValid: true };
  } catch {
    return { text: 'invalid interval', isValid: false };
  }
}

/** Formats the time left until `nextAt` as "in 4 s", "in 2 min 5 s" or "due now". */
export function formatCountdown(nextAt: string, now: number): string | null {
  const target = Date.parse(nextAt);
  if (Number.isNaN(target)) return null;

  const seconds = Math.ceil((target - now) / 1000);
  if (seconds <= 0) return 'due now';
  if (seconds < 60) return `in ${seconds} s`;

  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `in ${minutes} min ${seconds % 60} s`;

  const hours = Math.floor(minutes / 60);
  return `in ${hours} h ${minutes % 60} min`;
}

/** Formats a duration in milliseconds as "850 ms" or "2.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Formats the records of a transfer as "1,461 records", or "1,461 in → 641 out" when processors changed the count. */
export function formatRecordCounts(recordsIn: number | undefined, recordsOut: number | undefined): string | null {
  if (recordsIn !== undefined && recordsOut !== undefined && recordsIn !== recordsOut) {
    return `${formatCount(recordsIn)} in → ${formatCount(recordsOut)} out`;
  }
  const count = recordsIn ?? recordsOut;
  if (count === undefined) return null;
  return formatRecordCount(count);
}
