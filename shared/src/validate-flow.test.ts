import { describe, expect, it } from 'vitest';
import type { FlowEdge, FlowNode, NodeKind } from './flow.js';
import { linkMembers, validateFlowGraph } from './validate-flow.js';

const registeredKinds: Record<string, NodeKind> = {
  'http-inlet': 'inlet',
  'file-inlet': 'inlet',
  link: 'link',
  'csv-outlet': 'outlet',
};
const kindOf = (type: string) => registeredKinds[type];

function node(id: string, kind: NodeKind, type: string): FlowNode {
  return { id, kind, type, position: { x: 0, y: 0 }, config: {} };
}

function edge(source: string, target: string): FlowEdge {
  return { id: `${source}-${target}`, source, target };
}

describe('validateFlowGraph', () => {
  it('accepts inlet to link to outlet', () => {
    const nodes = [node('in1', 'inlet', 'http-inlet'), node('l1', 'link', 'link'), node('out1', 'outlet', 'csv-outlet')];
    expect(validateFlowGraph({ nodes, edges: [edge('in1', 'l1'), edge('l1', 'out1')] }, kindOf)).toEqual([]);
  });

  it('names an unknown node type', () => {
    const nodes = [node('in1', 'inlet', 'acme.missing'), node('l1', 'link', 'link'), node('out1', 'outlet', 'csv-outlet')];
    const problems = validateFlowGraph({ nodes, edges: [edge('in1', 'l1'), edge('l1', 'out1')] }, kindOf);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ nodeId: 'in1', field: 'type' });
    expect(problems[0].message).toContain('Unknown node type "acme.missing"');
  });

  it('names a kind that does not match the type', () => {
    const nodes = [node('in1', 'outlet', 'http-inlet')];
    const problems = validateFlowGraph({ nodes, edges: [] }, kindOf);
    expect(problems).toEqual([
      { nodeId: 'in1', field: 'kind', message: 'Node type "http-inlet" has kind "inlet", but this node has kind "outlet": set kind to "inlet".' },
    ]);
  });

  it('names a repeated node id', () => {
    const nodes = [node('in1', 'inlet', 'http-inlet'), node('in1', 'inlet', 'file-inlet')];
    const problems = validateFlowGraph({ nodes, edges: [] }, kindOf);
    expect(problems[0].message).toBe('Node id "in1" is used twice: give each node its own id.');
  });

  it('names an edge between wrong kinds on its target', () => {
    const nodes = [
      node('in1', 'inlet', 'http-inlet'),
      node('l1', 'link', 'link'),
      node('out1', 'outlet', 'csv-outlet'),
    ];
    const edges = [edge('in1', 'l1'), edge('l1', 'out1'), edge('in1', 'out1')];
    const problems = validateFlowGraph({ nodes, edges }, kindOf);

    expect(problems).toHaveLength(1);
    expect(problems[0].nodeId).toBe('out1');
    expect(problems[0].message).toContain('An inlet cannot feed an outlet directly');
  });

  it('names an edge to a missing node on the node that exists', () => {
    const nodes = [node('l1', 'link', 'link')];
    const problems = validateFlowGraph({ nodes, edges: [edge('ghost', 'l1')] }, kindOf);
    const edgeProblem = problems.find((problem) => problem.message.includes('ghost'));

    expect(edgeProblem?.nodeId).toBe('l1');
    expect(edgeProblem?.message).toBe('Edge "ghost-l1" points to node "ghost", which is not in the flow: delete the edge.');
  });

  it('names a link without inlet and without outlet', () => {
    const problems = validateFlowGraph({ nodes: [node('l1', 'link', 'link')], edges: [] }, kindOf);
    expect(problems.map((problem) => problem.message)).toEqual([
      'This link has no inlet: connect at least one inlet to it.',
      'This link has no outlet: connect it to at least one outlet.',
    ]);
  });

  it('lists every problem of a flow at once', () => {
    const nodes = [node('in1', 'inlet', 'acme.missing'), node('l1', 'link', 'link'), node('l2', 'link', 'link')];
    const problems = validateFlowGraph({ nodes, edges: [edge('in1', 'l1')] }, kindOf);
    expect(problems.map((problem) => problem.nodeId).sort()).toEqual(['in1', 'l1', 'l2', 'l2']);
  });
});

describe('linkMembers', () => {
  it('lists inlets and outlets per link, shared nodes included, without duplicates', () => {
    const nodes = [
      node('in1', 'inlet', 'http-inlet'),
      node('l1', 'link', 'link'),
      node('l2', 'link', 'link'),
      node('out1', 'outlet', 'csv-outlet'),
    ];
    const edges = [edge('in1', 'l1'), edge('in1', 'l2'), edge('l1', 'out1'), edge('l2', 'out1'), { id: 'again', source: 'in1', target: 'l1' }];
    const members = linkMembers({ nodes, edges });

    expect(members.get('l1')).toEqual({ inlets: ['in1'], outlets: ['out1'] });
    expect(members.get('l2')).toEqual({ inlets: ['in1'], outlets: ['out1'] });
  });
});
