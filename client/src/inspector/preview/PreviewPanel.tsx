import { useEffect, useMemo, useState } from 'react';
import type { LinkPreview } from '../../api/studio-api';
import { formatDuration } from '../../canvas/link-summary';
import { usePanelResize } from '../../log/use-panel-resize';
import { formatCount, formatRecordCount } from '../../ui/format-count';
import { buildPreviewTable, formatCell, formatMetadata } from './preview-table';

/** Height of the docked panel when it opens, in CSS pixels. The user drags its top edge to change it. */
const INITIAL_HEIGHT = 280;

type PreviewTab = 'table' | 'json';

interface PreviewPanelProps {
  linkId: string;
  /** The link's label on the canvas; empty when it has none, and then the id names it. */
  linkLabel: string;
  preview: LinkPreview;
  onClose: () => void;
  onRefresh: () => void;
  isLoading: boolean;
  /** True when the flow was edited after this preview ran. */
  isOutdated: boolean;
}

/**
 * Shows the records of a link preview as a table of dotted payload columns or as JSON, each with
 * its metadata. The panel sits below the canvas, resizable by its top edge and collapsible to its
 * header, and a new preview expands it again.
 */
export function PreviewPanel({ linkId, linkLabel, preview, onClose, onRefresh, isLoading, isOutdated }: PreviewPanelProps) {
  const [tab, setTab] = useState<PreviewTab>('table');
  const [isCollapsed, setCollapsed] = useState(false);
  const { height, onResizeStart } = usePanelResize(INITIAL_HEIGHT);
  const table = useMemo(() => buildPreviewTable(preview.records), [preview.records]);
  const shownCount = preview.records.length;

  useEffect(() => setCollapsed(false), [preview]);

  // Escape closes the panel; a click elsewhere does not, so the user can edit steps and run again.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  return (
    <section
      className={`preview-panel ${isCollapsed ? 'is-collapsed' : ''}`}
      data-testid="preview-panel"
      data-collapsed={isCollapsed}
      aria-label={`Preview of link ${linkLabel || linkId}`}
      style={isCollapsed ? undefined : { height }}
    >
      {!isCollapsed && (
        <div className="preview-panel__resize" onPointerDown={onResizeStart} role="separator" aria-orientation="horizontal" aria-label="Resize preview panel" />
      )}
      <header className="preview-panel__header">
        <h3>
          Preview of {linkLabel ? `"${linkLabel}"` : <code>{linkId}</code>}
        </h3>
        <span className="muted" data-testid="preview-summary">
          {shownCount < preview.total ? `first ${formatCount(shownCount)} of ${formatRecordCount(preview.total)}` : formatRecordCount(preview.total)} ·{' '}
          {formatDuration(preview.durationMs)}
          {isOutdated && (
            <strong className="preview-panel__outdated" data-testid="preview-outdated">
              {' '}
              · flow edited since, run again
            </strong>
          )}
        </span>
        <div className="preview-panel__tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'table'} className={tab === 'table' ? 'is-active' : ''} data-testid="preview-tab-table" onClick={() => setTab('table')}>
            Table
          </button>
          <button type="button" role="tab" aria-selected={tab === 'json'} className={tab === 'json' ? 'is-active' : ''} data-testid="preview-tab-json" onClick={() => setTab('json')}>
            JSON
          </button>
        </div>
        <button type="button" className="button button--small" onClick={onRefresh} disabled={isLoading}>
          {isLoading ? 'Running…' : 'Run again'}
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          aria-label={isCollapsed ? 'Expand preview' : 'Collapse preview'}
          aria-expanded={!isCollapsed}
          title={isCollapsed ? 'Expand preview' : 'Collapse preview'}
          data-testid="preview-collapse"
          onClick={() => setCollapsed((current) => !current)}
        >
          {isCollapsed ? '▴' : '▾'}
        </button>
        <button type="button" className="button button--small button--ghost" aria-label="Close preview" title="Close preview (Escape)" data-testid="preview-close" onClick={onClose}>
          ✕
        </button>
      </header>

      {!isCollapsed && preview.errors.length > 0 && (
        <ul className="preview-panel__errors" role="alert" data-testid="preview-errors">
          {preview.errors.map((error, index) => (
            <li key={index}>
              <strong>{error.nodeId}:</strong> {error.message}
            </li>
          ))}
        </ul>
      )}

      <div className="preview-panel__body" hidden={isCollapsed}>
        {shownCount === 0 ? (
          <p className="muted">No records reach the outlets: the inlets returned none, or the processors dropped them all.</p>
        ) : tab === 'table' ? (
          <table className="preview-table" data-testid="preview-table">
            <thead>
              <tr>
                <th>#</th>
                {table.columns.map((column) => (
                  <th key={column}>{column}</th>
                ))}
                <th className="preview-table__metadata">metadata</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index} data-testid="preview-row">
                  <td className="muted">{index + 1}</td>
                  {table.columns.map((column) => (
                    <td key={column} data-column={column}>
                      {formatCell(row[column])}
                    </td>
                  ))}
                  <td className="preview-table__metadata">{formatMetadata(preview.records[index]?.metadata)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <pre className="preview-json" data-testid="preview-json">
            {JSON.stringify(preview.records, null, 2)}
          </pre>
        )}
        {tab === 'table' && table.hiddenColumns > 0 && (
          <p className="muted">{table.hiddenColumns} more columns are left out; the JSON tab shows every field.</p>
        )}
      </div>
    </section>
  );
}
