import { memo, useMemo, useState, type DragEvent } from 'react';
import type { NodeTypeDescriptor } from '@databay-studio/shared';
import { useStudio } from '../store/studio-store';
import { NODE_TYPE_DRAG_FORMAT } from './drag-format';
import { groupNodeTypes } from './group-node-types';
import { nodeIcon } from './node-icon';

/** The node types to drag onto the canvas, grouped by kind and category. */
export function Palette() {
  const nodeTypes = useStudio((state) => state.nodeTypes);
  const [search, setSearch] = useState('');
  const groups = useMemo(() => groupNodeTypes(nodeTypes, search), [nodeTypes, search]);

  return (
    <aside className="palette" aria-label="Node types">
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
                <PaletteItem key={nodeType.id} nodeType={nodeType} />
              ))}
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}

const PaletteItem = memo(function PaletteItem({ nodeType }: { nodeType: NodeTypeDescriptor }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_TYPE_DRAG_FORMAT, nodeType.id);
    event.dataTransfer.setData('text/plain', nodeType.id);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <div
      className={`palette-item palette-item--${nodeType.kind}`}
      data-testid={`palette-item-${nodeType.id}`}
      draggable
      onDragStart={onDragStart}
      title={nodeType.description}
    >
      <span className="palette-item__icon" style={nodeType.color ? { color: nodeType.color } : undefined} aria-hidden>
        {nodeIcon(nodeType.icon, nodeType.kind)}
      </span>
      <span className="palette-item__label">{nodeType.label}</span>
    </div>
  );
});
