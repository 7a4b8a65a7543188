import { memo } from 'react';
import type { LogEvent } from '@databay-studio/shared';
import { formatLogTime } from './log-filter';

interface LogLineProps {
  line: LogEvent;
  index: number;
  start: number;
  measureRef: (element: HTMLElement | null) => void;
  isExpanded: boolean;
  onToggle: (seq: number) => void;
  onSelectNode: (nodeId: string | undefined) => void;
}

/** One log line: time, level, update, node and message; an error line expands to show its stack. */
export const LogLine = memo(function LogLine({ line, index, start, measureRef, isExpanded, onToggle, onSelectNode }: LogLineProps) {
  const nodeId = line.nodeId ?? line.linkId;
  const hasDetail = Boolean(line.error);
  let toggleMark = '';
  if (hasDetail) toggleMark = isExpanded ? '▾' : '▸';

  return (
    <div
      ref={measureRef}
      data-index={index}
      data-testid="log-line"
      data-seq={line.seq}
      data-level={line.level}
      className={`log-line log-line--${line.level} ${nodeId ? 'is-clickable' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => {
        onSelectNode(nodeId);
        if (hasDetail) onToggle(line.seq);
      }}
    >
      <div className="log-line__main">
        <span className="log-line__toggle" aria-hidden>
          {toggleMark}
        </span>
        <time className="log-line__time" dateTime={line.time}>
          {formatLogTime(line.time)}
        </time>
        <span className={`log-line__level level--${line.level}`}>{line.level}</span>
        <span className="log-line__update">{line.update ?? ''}</span>
        <span className="log-line__node">{nodeId ?? ''}</span>
        <span className="log-line__message">
          {line.message}
          {line.error && !line.message.includes(line.error.message) && <span className="log-line__error-message"> — {line.error.message}</span>}
        </span>
      </div>
      {hasDetail && isExpanded && <pre className="log-line__stack">{line.error?.stack ?? line.error?.message}</pre>}
    </div>
  );
});
