import { memo, useCallback, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { NodeKind, NodeTypeDescriptor } from '@databay-studio/shared';
import { isCanvasKind } from '../store/canvas-kinds';
import { studioStore, useStudio } from '../store/studio-store';
import { useStudioActions } from '../studio/studio-context';
import { NODE_TYPE_DRAG_FORMAT } from './drag-format';
import { groupNodeTypes } from './group-node-types';
import { accentStyle, nodeIcon } from './node-icon';

const KIND_COLUMN_OFFSET: Record<NodeKind, number> = { inlet: -300, link: 0, outlet: 300 };

/** The node types to drag onto the canvas, grouped by kind and category. */
export function Palette() {
  const nodeTypes = useStudio((state) => state.nodeTypes);
  const [search, setSearch] = useState('');
  const groups = useMemo(() => groupNodeTypes(nodeTypes, search), [nodeTypes, search]);
  const { screenToFlowPosition } = useReactFlow();

  // Keyboard users and double clicks add the node near the middle of the canvas: inlets left, links
  // in the middle and outlets right, moved down until it covers no other node.
  const addAtCenter = useCallback(
    (nodeType: NodeTypeDescriptor) => {
      const canvas = document.querySelector('[data-testid=canvas]')?.getBoundingClientRect();

      const kind = nodeType.kind;
      if (!canvas || !isCanvasKind(kind)) return;

      const center = screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 3 });
      const position = { x: center.x - 110 + KIND_COLUMN_OFFSET[kind], y: center.y };
      const taken = studioStore.getState().nodes.map((node) => node.position);
      const overlaps = () => taken.some((other) => Math.abs(other.x - position.x) < 230 && Math.abs(other.y - position.y) < 80);
      for (let step = 0; step < 50 && overlaps(); step += 1) position.y += 90;
      const id = studioStore.getState().addNode(nodeType, position);
      if (id) studioStore.getState().selectNode(id);
    },
    [screenToFlowPosition],
  );

  return (
    <aside className="palette" aria-label="Node types">
      <PaletteHeader />
      <input
        className="palette__search"
        type="search"
        placeholder="Search node types"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {groups.length === 0 && <p className="muted">{nodeTypes.length === 0 ? 'Loading node types…' : 'No node type matches.'}</p>}
      {groups.map((group) => (
        <section key={group.kind} className={`palette__group palette__group--${group.kind}`}>
          <h2 className="palette__kind">{group.title}</h2>
          {group.categories.map((category) => (
            <div key={category.category} className="palette__category">
              <h3>{category.category}</h3>
              {category.nodeTypes.map((nodeType) => (
                <PaletteItem key={nodeType.id} nodeType={nodeType} onAdd={addAtCenter} />
              ))}
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}

/** The palette's title and the button that loads the plugins again. */
function PaletteHeader() {
  const actions = useStudioActions();
  const [isReloading, setReloading] = useState(false);

  const reload = async () => {
    setReloading(true);
    try {
      await actions.reloadNodeTypes();
    } finally {
      setReloading(false);
    }
  };

  return (
    <div className="palette__header">
      <h2 className="palette__title">Node types</h2>
      <button
        type="button"
        className="button button--small"
        data-testid="palette-reload"
        title="Load the plugins again, so new and edited node types appear"
        disabled={isReloading}
        onClick={() => void reload()}
      >
        {isReloading ? 'Reloading…' : '↻ Reload'}
      </button>
    </div>
  );
}

interface PaletteItemProps {
  nodeType: NodeTypeDescriptor;
  onAdd: (nodeType: NodeTypeDescriptor) => void;
}

const PaletteItem = memo(function PaletteItem({ nodeType, onAdd }: PaletteItemProps) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_TYPE_DRAG_FORMAT, nodeType.id);
    event.dataTransfer.setData('text/plain', nodeType.id);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onAdd(nodeType);
  };

  return (
    <div
      className={`palette-item palette-item--${nodeType.kind}`}
      data-testid={`palette-item-${nodeType.id}`}
      draggable
      role="button"
      tabIndex={0}
      onDragStart={onDragStart}
      onDoubleClick={() => onAdd(nodeType)}
      onKeyDown={onKeyDown}
      title={nodeType.description}
    >
      <span className="palette-item__icon" style={nodeType.color ? accentStyle(nodeType.color) : undefined} aria-hidden>
        {nodeIcon(nodeType.icon, nodeType.kind)}
      </span>
      <span className="palette-item__label">{nodeType.label}</span>
    </div>
  );
});
