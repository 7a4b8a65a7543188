import { LOG_LEVELS, type LogEvent, type LogLevel } from '@databay-studio/shared';

/** What the log panel shows: lines at or above `minLevel`, of one node when set, matching the search text. */
export interface LogFilter {
  minLevel: LogLevel;
  nodeId: string | null;
  search: string;
  /** Lines at or below this seq were cleared from the view. */
  clearedThroughSeq: number;
}

export const defaultLogFilter: LogFilter = { minLevel: 'trace', nodeId: null, search: '', clearedThroughSeq: 0 };

const levelRank = new Map(LOG_LEVELS.map((level, index) => [level, index]));

/** Returns the lines the filter lets through, in their original order. */
export function filterLogLines(lines: readonly LogEvent[], filter: LogFilter): LogEvent[] {
  const minRank = levelRank.get(filter.minLevel) ?? 0;
  const needle = filter.search.trim().toLowerCase();

  return lines.filter((line) => {
    if (line.seq <= filter.clearedThroughSeq) return false;
    if ((levelRank.get(line.level) ?? 0) < minRank) return false;
    if (filter.nodeId && line.nodeId !== filter.nodeId && line.linkId !== filter.nodeId) return false;
    if (needle && !matchesSearch(line, needle)) return false;
    return true;
  });
}

function matchesSearch(line: LogEvent, needle: string): boolean {
  return (
    line.message.toLowerCase().includes(needle) ||
    (line.update?.toLowerCase().includes(needle) ?? false) ||
    (line.nodeId?.toLowerCase().includes(needle) ?? false) ||
    (line.error?.message.toLowerCase().includes(needle) ?? false)
  );
}

/** Formats an ISO time as HH:MM:SS.mmm in the browser's time zone, or returns the input when it is not a date. */
export function formatLogTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;

  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
