import type { LogEvent } from '@databay-studio/shared';
import { appendLogLines, emptyLogBuffer, LOG_LINE_CAP, type LogBuffer } from '../log/log-buffer';
import { defaultLogFilter, type LogFilter } from '../log/log-filter';
import type { SliceCreator } from './slice';

/** The live log of the open flow: held lines, lines buffered while paused, and the panel's filter. */
export interface LogSlice {
  log: LogBuffer;
  /** Lines that arrived while the panel was paused; they join `log` on resume. */
  pausedLines: LogEvent[];
  isLogPaused: boolean;
  logFilter: LogFilter;

  receiveLogLines: (lines: readonly LogEvent[]) => void;
  setLogPaused: (isPaused: boolean) => void;
  setLogFilter: (patch: Partial<LogFilter>) => void;
  clearLogView: () => void;
  resetLog: () => void;
}

export const createLogSlice: SliceCreator<LogSlice> = (set, get) => ({
  log: emptyLogBuffer(),
  pausedLines: [],
  isLogPaused: false,
  logFilter: defaultLogFilter,

  receiveLogLines: (lines) => {
    const { flowId, isLogPaused, log, pausedLines } = get();
    const ownLines = lines.filter((line) => line.flowId === flowId);
    if (ownLines.length === 0) return;

    if (isLogPaused) {
      const nextPaused = pausedLines.concat(ownLines);
      set({ pausedLines: nextPaused.length > LOG_LINE_CAP ? nextPaused.slice(-LOG_LINE_CAP) : nextPaused });
      return;
    }

    const nextLog = appendLogLines(log, ownLines);
    if (nextLog !== log) set({ log: nextLog });
  },

  setLogPaused: (isPaused) => {
    const { isLogPaused, log, pausedLines } = get();
    if (isPaused === isLogPaused) return;

    const nextLog = isPaused ? log : appendLogLines(log, pausedLines);

    set({ isLogPaused: isPaused, log: nextLog, pausedLines: [] });
  },

  setLogFilter: (patch) => set((state) => ({ logFilter: { ...state.logFilter, ...patch } })),

  clearLogView: () => {
    const { log, logFilter } = get();

    set({ logFilter: { ...logFilter, clearedThroughSeq: log.highestSeq } });
  },

  resetLog: () => set({ log: emptyLogBuffer(), pausedLines: [], logFilter: { ...get().logFilter, clearedThroughSeq: 0 } }),
});

/** Highest seq the client holds for the open flow, counting lines buffered while paused. */
export function highestHeldSeq(state: Pick<LogSlice, 'log' | 'pausedLines'>): number {
  const pausedMax = state.pausedLines.reduce((max, line) => Math.max(max, line.seq), 0);
  return Math.max(state.log.highestSeq, pausedMax);
}
