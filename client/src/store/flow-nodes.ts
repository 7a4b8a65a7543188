import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import type { Flow, FlowEdge, FlowInput, FlowNode, NodeKind } from '@databay-studio/shared';

/** Data of a canvas node: the flow node's fields other than id and position. */
export type StudioNodeData = {
  kind: NodeKind;
  type: string;
  config: Record<string, unknown>;
  label?: string;
};

export type StudioNode = Node<StudioNodeData, NodeKind>;
export type StudioEdge = Edge;

/** Width of every canvas node in px; the node CSS sets the same width. */
export const NODE_WIDTH = 220;

/** Height of a node before the browser measures it: links show their schedule under the header. */
const ESTIMATED_HEIGHT: Record<NodeKind, number> = { inlet: 52, link: 76, outlet: 52 };

/** Rendered size of a handle in px: 11 px plus a 2 px border on each side. */
const HANDLE_SIZE = 15;

/**
 * Returns where a node's handles sit for a node of the given size. React Flow reads these before it
 * has measured the node, so it can leave nodes out of view unrendered and still draw their edges.
 */
export function handlesFor(kind: NodeKind, width: number, height: number): NodeHandle[] {
  const y = height / 2 - HANDLE_SIZE / 2;
  const target: NodeHandle = { type: 'target', position: Position.Left, x: -HANDLE_SIZE / 2, y, width: HANDLE_SIZE, height: HANDLE_SIZE };
  const source: NodeHandle = { type: 'source', position: Position.Right, x: width - HANDLE_SIZE / 2, y, width: HANDLE_SIZE, height: HANDLE_SIZE };

  if (kind === 'inlet') return [source];
  if (kind === 'outlet') return [target];
  return [target, source];
}

/** Builds a canvas node with its estimated size and handles, the React Flow node type being its kind. */
export function createCanvasNode(id: string, position: { x: number; y: number }, data: StudioNodeData): StudioNode {
  const height = ESTIMATED_HEIGHT[data.kind];
  return {
    id,
    type: data.kind,
    position,
    data,
    initialWidth: NODE_WIDTH,
    initialHeight: height,
    handles: handlesFor(data.kind, NODE_WIDTH, height),
  };
}

/** Converts a stored flow node to a canvas node. */
export function toCanvasNode(node: FlowNode): StudioNode {
  return createCanvasNode(
    node.id,
    { x: node.position.x, y: node.position.y },
    { kind: node.kind, type: node.type, config: node.config ?? {}, label: node.label },
  );
}

export function toCanvasEdge(edge: FlowEdge): StudioEdge {
  return { id: edge.id, source: edge.source, target: edge.target };
}

/** Converts a canvas node back to the flow document's shape, dropping React Flow's view state. */
export function toFlowNode(node: StudioNode): FlowNode {
  const flowNode: FlowNode = {
    id: node.id,
    kind: node.data.kind,
    type: node.data.type,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    config: node.data.config,
  };
  if (node.data.label) flowNode.label = node.data.label;
  return flowNode;
}

export function toFlowEdge(edge: StudioEdge): FlowEdge {
  return { id: edge.id, source: edge.source, target: edge.target };
}

/** Builds the body of a save from the canvas state. */
export function toFlowInput(name: string, nodes: StudioNode[], edges: StudioEdge[]): FlowInput {
  return { name, nodes: nodes.map(toFlowNode), edges: edges.map(toFlowEdge) };
}

export function canvasFromFlow(flow: Pick<Flow, 'nodes' | 'edges'>): { nodes: StudioNode[]; edges: StudioEdge[] } {
  return { nodes: flow.nodes.map(toCanvasNode), edges: flow.edges.map(toCanvasEdge) };
}

const ID_PREFIX: Record<NodeKind, string> = { inlet: 'in', link: 'l', outlet: 'out' };

/** Returns the first free id of the form in1, l1, out1 for a node of the given kind. */
export function nextNodeId(kind: NodeKind, takenIds: Iterable<string>): string {
  const taken = new Set(takenIds);
  const prefix = ID_PREFIX[kind];

  let counter = 1;
  while (taken.has(`${prefix}${counter}`)) counter += 1;
  return `${prefix}${counter}`;
}

/** Returns an edge id that is not yet taken, built from the two node ids. */
export function nextEdgeId(source: string, target: string, takenIds: Iterable<string>): string {
  const taken = new Set(takenIds);
  const base = `e-${source}-${target}`;
  if (!taken.has(base)) return base;

  let counter = 2;
  while (taken.has(`${base}-${counter}`)) counter += 1;
  return `${base}-${counter}`;
}
