import type { Flow, FlowNode } from './flow.js';
import type { NodeTypeKind } from './node-type.js';
import { checkConnection } from './connection.js';

/** One problem that keeps a flow from deploying, tied to the node (and config field) it is about. */
export interface FlowProblem {
  nodeId: string;
  field?: string;
  message: string;
}

/** Looks up a node type's kind by type id; undefined means the type is not registered. */
export type NodeKindLookup = (type: string) => NodeTypeKind | undefined;

/**
 * Checks a flow's graph: known node types of the right kind, unique ids, edges between existing
 * nodes of kinds that may connect, and every link with at least one inlet and one outlet.
 * Config is not checked here because it needs each node type's schema.
 */
export function validateFlowGraph(flow: Pick<Flow, 'nodes' | 'edges'>, kindOf: NodeKindLookup): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const nodeLookup = new Map<string, FlowNode>();

  for (const node of flow.nodes) {
    if (nodeLookup.has(node.id)) {
      problems.push({ nodeId: node.id, message: `Node id "${node.id}" is used twice: give each node its own id.` });
      continue;
    }
    nodeLookup.set(node.id, node);

    const registeredKind = kindOf(node.type);
    if (registeredKind === undefined) {
      problems.push({
        nodeId: node.id,
        field: 'type',
        message: `Unknown node type "${node.type}": install or load the plugin that provides it, or replace the node.`,
      });
    } else if (registeredKind !== node.kind) {
      problems.push({
        nodeId: node.id,
        field: 'kind',
        message: `Node type "${node.type}" has kind "${registeredKind}", but this node has kind "${node.kind}": set kind to "${registeredKind}".`,
      });
    }
  }

  const inletCount = new Map<string, number>();
  const outletCount = new Map<string, number>();
  const edgeKeys = new Set<string>();

  for (const edge of flow.edges) {
    const source = nodeLookup.get(edge.source);
    const target = nodeLookup.get(edge.target);
    if (!source || !target) {
      const missing = source ? edge.target : edge.source;
      // The problem belongs to the end that exists, so the canvas can show it on that node.
      const present = source ?? target;
      problems.push({
        nodeId: present ? present.id : edge.source,
        message: `Edge "${edge.id}" points to node "${missing}", which is not in the flow: delete the edge.`,
      });
      continue;
    }

    const hint = checkConnection(source.kind, target.kind);
    if (hint) {
      problems.push({ nodeId: target.id, message: `Edge "${edge.id}" from "${source.id}" to "${target.id}": ${hint}` });
      continue;
    }

    const key = `${edge.source}->${edge.target}`;
    if (edgeKeys.has(key)) continue;
    edgeKeys.add(key);

    if (target.kind === 'link') inletCount.set(target.id, (inletCount.get(target.id) ?? 0) + 1);
    if (source.kind === 'link') outletCount.set(source.id, (outletCount.get(source.id) ?? 0) + 1);
  }

  for (const node of flow.nodes) {
    if (node.kind !== 'link' || nodeLookup.get(node.id) !== node) continue;
    if (!inletCount.get(node.id)) {
      problems.push({ nodeId: node.id, message: 'This link has no inlet: connect at least one inlet to it.' });
    }
    if (!outletCount.get(node.id)) {
      problems.push({ nodeId: node.id, message: 'This link has no outlet: connect it to at least one outlet.' });
    }
  }

  return problems;
}

/** Returns the inlet and outlet node ids of each link node, in edge order, without duplicates. */
export function linkMembers(flow: Pick<Flow, 'nodes' | 'edges'>): Map<string, { inlets: string[]; outlets: string[] }> {
  const kinds = new Map(flow.nodes.map((node) => [node.id, node.kind]));
  const members = new Map<string, { inlets: string[]; outlets: string[] }>();
  for (const node of flow.nodes) {
    if (node.kind === 'link') members.set(node.id, { inlets: [], outlets: [] });
  }
  for (const edge of flow.edges) {
    if (kinds.get(edge.target) === 'link' && kinds.get(edge.source) === 'inlet') {
      const entry = members.get(edge.target)!;
      if (!entry.inlets.includes(edge.source)) entry.inlets.push(edge.source);
    } else if (kinds.get(edge.source) === 'link' && kinds.get(edge.target) === 'outlet') {
      const entry = members.get(edge.source)!;
      if (!entry.outlets.includes(edge.target)) entry.outlets.push(edge.target);
    }
  }
  return members;
}
