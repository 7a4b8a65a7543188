import { useCallback, useRef, useState } from 'react';
import type { FlowSummary } from '@databay-studio/shared';
import { useStudio } from '../store/studio-store';
import { useStudioActions } from '../studio/studio-context';
import { useDismiss } from './use-dismiss';

/** The list of saved flows: open, create, rename and delete. */
export function FlowMenu() {
  const actions = useStudioActions();
  const flows = useStudio((state) => state.flowList);
  const currentFlowId = useStudio((state) => state.flowId);
  const isDirty = useStudio((state) => state.isDirty);
  const [isOpen, setOpen] = useState(false);
  const [newName, setNewName] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, isOpen, close);

  const toggle = () => {
    if (!isOpen) void actions.refreshFlowList();
    setOpen(!isOpen);
  };

  const open = (flowId: string) => {
    if (flowId === currentFlowId) return close();
    if (isDirty && !window.confirm('This flow has unsaved changes. Open another flow and discard them?')) return;
    close();
    void actions.openFlow(flowId);
  };

  const create = () => {
    const name = newName.trim() || 'Untitled flow';
    setNewName('');
    close();
    void actions.createFlow(name);
  };

  const sorted = [...flows].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));

  return (
    <div className="menu" ref={ref}>
      <button type="button" className="button" data-testid="flow-menu" aria-haspopup="menu" aria-expanded={isOpen} onClick={toggle}>
        Flows ▾
      </button>
      {isOpen && (
        <div className="menu__popup menu__popup--wide" role="menu" data-testid="flow-menu-popup">
          <div className="menu__create">
            <input
              placeholder="New flow name"
              value={newName}
              data-testid="flow-menu-new-name"
              onChange={(event) => setNewName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') create();
              }}
            />
            <button type="button" className="button button--primary button--small" data-testid="flow-menu-new" onClick={create}>
              New flow
            </button>
          </div>
          {sorted.length === 0 && <p className="muted menu__empty">No saved flows yet.</p>}
          <ul className="menu__list">
            {sorted.map((flow) => (
              <FlowMenuItem key={flow.id} flow={flow} isCurrent={flow.id === currentFlowId} onOpen={open} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

interface FlowMenuItemProps {
  flow: FlowSummary;
  isCurrent: boolean;
  onOpen: (flowId: string) => void;
}

function FlowMenuItem({ flow, isCurrent, onOpen }: FlowMenuItemProps) {
  const actions = useStudioActions();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view');
  const [draft, setDraft] = useState(flow.name);
  const staleTypes = flow.staleTypes ?? [];

  if (mode === 'rename') {
    const commit = () => {
      setMode('view');
      if (draft.trim() && draft.trim() !== flow.name) void actions.renameFlow(flow.id, draft);
    };
    return (
      <li className="menu__item">
        <input
          autoFocus
          value={draft}
          data-testid={`flow-menu-rename-input-${flow.id}`}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
            if (event.key === 'Escape') setMode('view');
          }}
        />
      </li>
    );
  }

  return (
    <li className={isCurrent ? 'menu__item is-current' : 'menu__item'}>
      <button type="button" className="menu__open" data-testid={`flow-menu-item-${flow.id}`} onClick={() => onOpen(flow.id)}>
        <span className="menu__name">{flow.name}</span>
        <span className="menu__meta">
          v{flow.version}
          {flow.deployed && <span className="badge badge--deployed">deployed</span>}
          {flow.deployed && staleTypes.length > 0 && (
            <span
              className="badge badge--stale"
              data-testid={`flow-menu-stale-${flow.id}`}
              title={`Node types changed since deploy: ${staleTypes.join(', ')}. Deploy again to use the new code.`}
            >
              types changed
            </span>
          )}
        </span>
      </button>
      {mode === 'confirm-delete' ? (
        <>
          <button
            type="button"
            className="button button--danger button--small"
            data-testid={`flow-menu-confirm-delete-${flow.id}`}
            onClick={() => {
              setMode('view');
              void actions.deleteFlow(flow.id);
            }}
          >
            Delete
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setMode('view')}>
            Keep
          </button>
        </>
      ) : (
        <>
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid={`flow-menu-rename-${flow.id}`}
            title="Rename"
            onClick={() => {
              setDraft(flow.name);
              setMode('rename');
            }}
          >
            ✎
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid={`flow-menu-delete-${flow.id}`}
            title="Delete"
            onClick={() => setMode('confirm-delete')}
          >
            🗑
          </button>
        </>
      )}
    </li>
  );
}
