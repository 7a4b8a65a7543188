import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { checkConnection, type Flow, type NodeTypeDescriptor } from '@databay-studio/shared';
import { canvasFromFlow, createCanvasNode, handlesFor, nextEdgeId, nextNodeId, type StudioEdge, type StudioNode } from './flow-nodes';
import { isCanvasKind } from './canvas-kinds';
import { configFieldPath } from './field-path';
import type { SliceCreator } from './slice';

/** The open flow document as the canvas edits it, and whether it differs from the saved version. */
export interface FlowSlice {
  flowId: string | null;
  flowName: string;
  /** Version of the last load or save; sent with the next save so the server can reject a stale one. */
  flowVersion: number;
  nodes: StudioNode[];
  edges: StudioEdge[];
  isDirty: boolean;
  /** Rises on every edit, so a save that finishes after a later edit leaves the flow dirty. */
  editCount: number;
  isDeployed: boolean;
  deployedVersion: number | null;

  loadFlow: (flow: Flow, deployed?: { isDeployed: boolean; version?: number | null }) => void;
  markSaved: (flow: Flow, editCountAtSave: number) => void;
  renameFlow: (name: string) => void;
  applyNodeChanges: (changes: NodeChange<StudioNode>[]) => void;
  applyEdgeChanges: (changes: EdgeChange<StudioEdge>[]) => void;
  /** Adds a node of a canvas kind and returns its id; a processor or grouper type returns null. */
  addNode: (nodeType: NodeTypeDescriptor, position: XYPosition) => string | null;
  /** Adds an edge; returns null, or the hint that explains why the connection was rejected. */
  connect: (connection: Connection) => string | null;
  updateNodeConfig: (nodeId: string, config: Record<string, unknown>) => void;
  setNodeLabel: (nodeId: string, label: string) => void;
  setDeployed: (isDeployed: boolean, version?: number | null) => void;
}

/** Changes that only reflect view state in React Flow and leave the flow document as it was. */
const VIEW_ONLY_CHANGES = new Set(['select', 'dimensions']);

export const createFlowSlice: SliceCreator<FlowSlice> = (set, get) => ({
  flowId: null,
  flowName: '',
  flowVersion: 0,
  nodes: [],
  edges: [],
  isDirty: false,
  editCount: 0,
  isDeployed: false,
  deployedVersion: null,

  loadFlow: (flow, deployed) => {
    const { nodes, edges } = canvasFromFlow(flow);

    set({
      flowId: flow.id,
      flowName: flow.name,
      flowVersion: flow.version,
      nodes,
      edges,
      isDirty: false,
      isDeployed: deployed?.isDeployed ?? false,
      deployedVersion: deployed?.version ?? null,
      selectedNodeId: null,
      deployErrors: [],
      deployErrorsByNode: {},
      statusByNode: {},
      linkRuns: {},
      staleTypes: [],
      conflict: null,
    });
  },

  markSaved: (flow, editCountAtSave) => {
    const { flowId, editCount } = get();
    if (flowId !== flow.id) return;

    set({ flowVersion: flow.version, flowName: flow.name, isDirty: editCount !== editCountAtSave });
  },

  renameFlow: (name) => {
    const nextName = name.trim();
    if (!nextName || nextName === get().flowName) return;

    set((state) => ({ flowName: nextName, isDirty: true, editCount: state.editCount + 1 }));
  },

  applyNodeChanges: (changes) => {
    const { nodes, selectedNodeId } = get();
    if (changes.length === 0) return;

    const isEdit = changes.some((change) => isDocumentChange(change));
    const nextNodes = withMeasuredHandles(applyNodeChanges(changes, nodes), changes);
    let nextSelectedId = selectedNodeId;
    for (const change of changes) {
      if (change.type === 'select' && change.selected) nextSelectedId = change.id;
      if (change.type === 'select' && !change.selected && change.id === nextSelectedId) nextSelectedId = null;
      if (change.type === 'remove' && change.id === nextSelectedId) nextSelectedId = null;
    }

    set((state) => ({
      nodes: nextNodes,
      selectedNodeId: nextSelectedId,
      ...(isEdit ? { isDirty: true, editCount: state.editCount + 1 } : {}),
    }));
  },

  applyEdgeChanges: (changes) => {
    const { edges } = get();
    if (changes.length === 0) return;

    const isEdit = changes.some((change) => change.type !== 'select');
    const nextEdges = applyEdgeChanges(changes, edges);

    set((state) => ({
      edges: nextEdges,
      ...(isEdit ? { isDirty: true, editCount: state.editCount + 1 } : {}),
    }));
  },

  addNode: (nodeType, position) => {
    const { nodes } = get();
    const kind = nodeType.kind;
    if (!isCanvasKind(kind)) return null;

    const id = nextNodeId(
      kind,
      nodes.map((node) => node.id),
    );
    const node = createCanvasNode(id, position, {
      kind,
      type: nodeType.id,
      config: structuredClone(nodeType.defaults ?? {}),
    });

    set((state) => ({ nodes: [...state.nodes, node], isDirty: true, editCount: state.editCount + 1 }));
    return id;
  },

  connect: (connection) => {
    const { nodes, edges } = get();
    const source = nodes.find((node) => node.id === connection.source);
    const target = nodes.find((node) => node.id === connection.target);
    if (!source || !target) return 'Both ends of a connection must be nodes of this flow.';
    const hint = checkConnection(source.data.kind, target.data.kind);
    if (hint) return hint;
    if (edges.some((edge) => edge.source === source.id && edge.target === target.id)) {
      return `"${source.id}" is already connected to "${target.id}".`;
    }

    const id = nextEdgeId(
      source.id,
      target.id,
      edges.map((edge) => edge.id),
    );
    const nextEdges = addEdge({ id, source: source.id, target: target.id }, edges);

    set((state) => ({ edges: nextEdges, isDirty: true, editCount: state.editCount + 1 }));
    return null;
  },

  updateNodeConfig: (nodeId, config) => {
    const { nodes, deployErrors } = get();
    const index = nodes.findIndex((node) => node.id === nodeId);
    if (index < 0) return;

    const previousConfig = nodes[index].data.config;
    const nextNodes = nodes.slice();
    nextNodes[index] = { ...nodes[index], data: { ...nodes[index].data, config } };
    // A deploy error on a field the user just edited is out of date, so it goes; the next deploy checks again.
    const editedFields = new Set(
      [...Object.keys(previousConfig), ...Object.keys(config)].filter((key) => previousConfig[key] !== config[key]),
    );
    const nextErrors = deployErrors.filter((error) => {
      if (error.nodeId !== nodeId || !error.field) return true;
      const [topField] = configFieldPath(error.field).split('.');
      return !editedFields.has(topField);
    });

    set((state) => ({ nodes: nextNodes, isDirty: true, editCount: state.editCount + 1 }));
    if (nextErrors.length !== deployErrors.length) get().setDeployErrors(nextErrors);
  },

  setNodeLabel: (nodeId, label) => {
    const { nodes } = get();
    const index = nodes.findIndex((node) => node.id === nodeId);
    if (index < 0) return;

    const nextNodes = nodes.slice();
    nextNodes[index] = { ...nodes[index], data: { ...nodes[index].data, label: label || undefined } };

    set((state) => ({ nodes: nextNodes, isDirty: true, editCount: state.editCount + 1 }));
  },

  setDeployed: (isDeployed, version) => {
    set({ isDeployed, deployedVersion: isDeployed ? (version ?? get().deployedVersion) : null });
  },
});

// A position change without a position only ends a drag; the moves before it already counted as edits.
function isDocumentChange(change: NodeChange<StudioNode>): boolean {
  if (VIEW_ONLY_CHANGES.has(change.type)) return false;
  if (change.type === 'position' && !change.position) return false;
  return true;
}

// React Flow keeps the handles a node declares, so they follow the node's measured size.
function withMeasuredHandles(nodes: StudioNode[], changes: NodeChange<StudioNode>[]): StudioNode[] {
  const resized = new Set(changes.flatMap((change) => (change.type === 'dimensions' && change.dimensions ? [change.id] : [])));
  if (resized.size === 0) return nodes;

  return nodes.map((node) => {
    if (!resized.has(node.id) || !node.measured?.width || !node.measured.height) return node;
    return { ...node, handles: handlesFor(node.data.kind, node.measured.width, node.measured.height) };
  });
}

