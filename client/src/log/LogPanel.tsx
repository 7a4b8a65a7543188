import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { studioStore, useStudio } from '../store/studio-store';
import { filterLogLines } from './log-filter';
import { LogLine } from './LogLine';
import { LogToolbar } from './LogToolbar';
import { usePanelResize } from './use-panel-resize';

const ROW_HEIGHT = 24;

/**
 * The live log of the open flow: a virtualized list that follows new lines unless the user scrolled up.
 * Its data-first-seq, data-last-seq and data-line-count attributes describe the held lines (before
 * filters), so tests can check for gaps without scrolling the virtualized list.
 */
export function LogPanel() {
  const lines = useStudio((state) => state.log.lines);
  const filter = useStudio((state) => state.logFilter);
  const visible = useMemo(() => filterLogLines(lines, filter), [lines, filter]);
  const [expandedSeqs, setExpandedSeqs] = useState<ReadonlySet<number>>(() => new Set());
  const [isFollowing, setFollowing] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { height, onResizeStart } = usePanelResize(240);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => visible[index].seq,
  });

  useEffect(() => {
    if (isFollowing && visible.length > 0) virtualizer.scrollToIndex(visible.length - 1, { align: 'end' });
  }, [isFollowing, visible.length, virtualizer]);

  // Following stops when the user scrolls away from the bottom and resumes when they scroll back.
  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    const distanceFromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    setFollowing(distanceFromBottom < ROW_HEIGHT * 2);
  }, []);

  const toggleExpanded = useCallback((seq: number) => {
    setExpandedSeqs((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  }, []);

  const selectLineNode = useCallback((nodeId: string | undefined) => {
    if (nodeId) studioStore.getState().selectNode(nodeId, { focus: true });
  }, []);

  return (
    <section
      className="log-panel"
      data-testid="log-panel"
      data-first-seq={lines.length > 0 ? lines[0].seq : undefined}
      data-last-seq={lines.length > 0 ? lines[lines.length - 1].seq : undefined}
      data-line-count={lines.length}
      style={{ height }}
    >
      <div className="log-panel__resize" onPointerDown={onResizeStart} role="separator" aria-orientation="horizontal" aria-label="Resize log panel" />
      <LogToolbar visibleCount={visible.length} totalCount={lines.length} />
      <div className="log-panel__scroll" ref={scrollRef} onScroll={onScroll}>
        {visible.length === 0 && <p className="log-panel__empty muted">No log lines yet. Deploy the flow or run a link to see its log here.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = visible[item.index];
            return (
              <LogLine
                key={item.key}
                line={line}
                index={item.index}
                start={item.start}
                measureRef={virtualizer.measureElement}
                isExpanded={expandedSeqs.has(line.seq)}
                onToggle={toggleExpanded}
                onSelectNode={selectLineNode}
              />
            );
          })}
        </div>
      </div>
      {!isFollowing && visible.length > 0 && (
        <button type="button" className="button button--small log-panel__follow" onClick={() => setFollowing(true)}>
          ↓ Follow new lines
        </button>
      )}
    </section>
  );
}
