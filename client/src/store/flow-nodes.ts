import type { Edge, Node } from '@xyflow/react';
import type { Flow, FlowEdge, FlowInput, FlowNode, NodeKind } from '@databay-studio/shared';

/** What a canvas node carries: the flow node's fields other than id and position. */
export type StudioNodeData = {
  kind: NodeKind;
  type: string;
  config: Record<string, unknown>;
  label?: string;
};

export type StudioNode = Node<StudioNodeData, NodeKind>;
export type StudioEdge = Edge;

/** Converts a stored flow node to a canvas node; the React Flow node type is the node's kind. */
export function toCanvasNode(node: FlowNode): StudioNode {
  return {
    id: node.id,
    type: node.kind,
    position: { x: node.position.x, y: node.position.y },
    data: { kind: node.kind, type: node.type, config: node.config ?? {}, label: node.label },
  };
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
