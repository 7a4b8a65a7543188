import { useMemo } from 'react';
import { LOG_LEVELS, type LogLevel } from '@databay-studio/shared';
import { useStudio } from '../store/studio-store';

interface LogToolbarProps {
  visibleCount: number;
  totalCount: number;
}

/** Filters and controls of the log panel: level, node, search, pause and clear. */
export function LogToolbar({ visibleCount, totalCount }: LogToolbarProps) {
  const filter = useStudio((state) => state.logFilter);
  const setLogFilter = useStudio((state) => state.setLogFilter);
  const isPaused = useStudio((state) => state.isLogPaused);
  const pausedCount = useStudio((state) => state.pausedLines.length);
  const setLogPaused = useStudio((state) => state.setLogPaused);
  const clearLogView = useStudio((state) => state.clearLogView);
  // A joined string stays equal while nodes only move, so dragging does not re-render the options.
  const nodeIdList = useStudio((state) => state.nodes.map((node) => node.id).join('\n'));
  const nodeIds = useMemo(() => (nodeIdList ? nodeIdList.split('\n') : []), [nodeIdList]);

  return (
    <div className="log-toolbar">
      <strong className="log-toolbar__title">Log</strong>
      <select
        data-testid="log-level-filter"
        aria-label="Minimum level"
        value={filter.minLevel}
        onChange={(event) => setLogFilter({ minLevel: event.target.value as LogLevel })}
      >
        {LOG_LEVELS.map((level) => (
          <option key={level} value={level}>
            {level === 'trace' ? 'All levels' : `${level} and above`}
          </option>
        ))}
      </select>
      <select
        data-testid="log-node-filter"
        aria-label="Node"
        value={filter.nodeId ?? ''}
        onChange={(event) => setLogFilter({ nodeId: event.target.value || null })}
      >
        <option value="">All nodes</option>
        {nodeIds.map((nodeId) => (
          <option key={nodeId} value={nodeId}>
            {nodeId}
          </option>
        ))}
      </select>
      <input
        type="search"
        data-testid="log-search"
        placeholder="Search log"
        aria-label="Search log"
        value={filter.search}
        onChange={(event) => setLogFilter({ search: event.target.value })}
      />
      <div className="toolbar__spacer" />
      <span className="muted log-toolbar__count">
        {visibleCount === totalCount ? `${totalCount} lines` : `${visibleCount} of ${totalCount} lines`}
      </span>
      <button
        type="button"
        className={isPaused ? 'button button--small is-active' : 'button button--small'}
        data-testid="log-pause"
        aria-pressed={isPaused}
        onClick={() => setLogPaused(!isPaused)}
      >
        {isPaused ? `Resume${pausedCount ? ` (${pausedCount} new)` : ''}` : 'Pause'}
      </button>
      <button type="button" className="button button--small" data-testid="log-clear" onClick={clearLogView}>
        Clear
      </button>
    </div>
  );
}
