import { describe, expect, it } from 'vitest';
import type { Flow, LogEvent, NodeTypeDescriptor } from '@databay-studio/shared';
import { highestHeldSeq } from './log-slice';
import { createStudioStore } from './studio-store';

const nodeType = (id: string, kind: NodeTypeDescriptor['kind'], defaults: Record<string, unknown> = {}): NodeTypeDescriptor => ({
  id,
  kind,
  label: id,
  category: 'Test',
  description: `${id} for tests`,
  configSchema: { type: 'object', properties: {} },
  defaults,
  source: 'builtin',
});

const httpInlet = nodeType('http-inlet', 'inlet', { url: 'http://127.0.0.1/', headers: { a: '1' } });
const link = nodeType('link', 'link', { interval: { seconds: 5 } });
const csvOutlet = nodeType('csv-outlet', 'outlet');

const flow: Flow = {
  id: 'f1',
  name: 'Quakes',
  version: 3,
  nodes: [
    { id: 'in1', kind: 'inlet', type: 'http-inlet', position: { x: 0, y: 0 }, config: {} },
    { id: 'l1', kind: 'link', type: 'link', position: { x: 200, y: 0 }, config: { interval: 1000 } },
  ],
  edges: [],
};

const logLine = (seq: number, flowId = 'f1'): LogEvent => ({
  seq,
  time: '2026-01-01T00:00:00.000Z',
  level: 'info',
  flowId,
  message: `line ${seq}`,
});

function loadedStore() {
  const store = createStudioStore();
  store.getState().loadFlow(flow, { isDeployed: true, version: 3 });
  return store;
}

describe('flow slice', () => {
  it('loads a flow clean', () => {
    const store = loadedStore();
    const state = store.getState();

    expect(state.flowId).toBe('f1');
    expect(state.flowVersion).toBe(3);
    expect(state.nodes.map((node) => node.id)).toEqual(['in1', 'l1']);
    expect(state.nodes[1].type).toBe('link');
    expect(state.isDirty).toBe(false);
    expect(state.isDeployed).toBe(true);
  });

  it('adds a node with the next id and a copy of the defaults', () => {
    const store = loadedStore();

    const inletId = store.getState().addNode(httpInlet, { x: 10, y: 20 });
    const linkId = store.getState().addNode(link, { x: 30, y: 40 });
    const outletId = store.getState().addNode(csvOutlet, { x: 50, y: 60 });
    const added = store.getState().nodes.find((node) => node.id === inletId)!;

    expect(inletId).toBe('in2');
    expect(linkId).toBe('l2');
    expect(outletId).toBe('out1');
    expect(added.data.config).toEqual(httpInlet.defaults);
    expect(added.data.config).not.toBe(httpInlet.defaults);
    expect(added.data.config.headers).not.toBe(httpInlet.defaults.headers);
    expect(store.getState().isDirty).toBe(true);
  });

  it('adds no node for a step type', () => {
    const store = loadedStore();
    const filter = { ...nodeType('filter', 'inlet'), kind: 'processor' } as unknown as NodeTypeDescriptor;

    const id = store.getState().addNode(filter, { x: 0, y: 0 });

    expect(id).toBeNull();
    expect(store.getState().nodes).toHaveLength(2);
    expect(store.getState().isDirty).toBe(false);
  });

  it('connects an inlet to a link', () => {
    const store = loadedStore();

    const hint = store.getState().connect({ source: 'in1', target: 'l1', sourceHandle: null, targetHandle: null });

    expect(hint).toBeNull();
    expect(store.getState().edges).toEqual([expect.objectContaining({ source: 'in1', target: 'l1' })]);
    expect(store.getState().isDirty).toBe(true);
  });

  it('rejects a wrong connection with a hint', () => {
    const store = loadedStore();

    const hint = store.getState().connect({ source: 'l1', target: 'in1', sourceHandle: null, targetHandle: null });

    expect(hint).toMatch(/inlet/);
    expect(store.getState().edges).toHaveLength(0);
    expect(store.getState().isDirty).toBe(false);
  });

  it('rejects a second edge between the same nodes', () => {
    const store = loadedStore();
    const connection = { source: 'in1', target: 'l1', sourceHandle: null, targetHandle: null };

    store.getState().connect(connection);
    const hint = store.getState().connect(connection);

    expect(hint).toMatch(/already connected/);
    expect(store.getState().edges).toHaveLength(1);
  });

  it('treats selection as view state and moves as edits', () => {
    const store = loadedStore();

    store.getState().applyNodeChanges([{ type: 'select', id: 'l1', selected: true }]);
    expect(store.getState().isDirty).toBe(false);
    expect(store.getState().selectedNodeId).toBe('l1');

    store.getState().applyNodeChanges([{ type: 'position', id: 'l1', position: { x: 5, y: 5 }, dragging: true }]);
    expect(store.getState().isDirty).toBe(true);
    expect(store.getState().nodes[1].position).toEqual({ x: 5, y: 5 });
  });

  it('clears the selection when the selected node is removed', () => {
    const store = loadedStore();
    store.getState().selectNode('in1');

    store.getState().applyNodeChanges([{ type: 'remove', id: 'in1' }]);

    expect(store.getState().selectedNodeId).toBeNull();
    expect(store.getState().nodes.map((node) => node.id)).toEqual(['l1']);
  });

  it('stays dirty when an edit follows the save', () => {
    const store = loadedStore();
    store.getState().renameFlow('Quakes 2');
    const editCountAtSave = store.getState().editCount;
    store.getState().updateNodeConfig('l1', { interval: 2000 });

    store.getState().markSaved({ ...flow, name: 'Quakes 2', version: 4 }, editCountAtSave);

    expect(store.getState().flowVersion).toBe(4);
    expect(store.getState().isDirty).toBe(true);
  });

  it('turns clean after a save with no later edits', () => {
    const store = loadedStore();
    store.getState().updateNodeConfig('l1', { interval: 2000 });

    store.getState().markSaved({ ...flow, version: 4 }, store.getState().editCount);

    expect(store.getState().isDirty).toBe(false);
  });

  it('drops deploy errors of an edited field', () => {
    const store = loadedStore();
    store.getState().setDeployErrors([
      { nodeId: 'l1', field: 'config.interval', message: 'Invalid interval' },
      { nodeId: 'l1', field: 'tags', message: 'Invalid tags' },
      { nodeId: 'l1', message: 'This link has no inlet' },
    ]);

    store.getState().updateNodeConfig('l1', { interval: 2000 });

    expect(store.getState().deployErrors.map((error) => error.message)).toEqual(['Invalid tags', 'This link has no inlet']);
    expect(store.getState().deployErrorsByNode.l1).toHaveLength(2);
  });

  it('ignores an empty rename', () => {
    const store = loadedStore();

    store.getState().renameFlow('   ');

    expect(store.getState().flowName).toBe('Quakes');
    expect(store.getState().isDirty).toBe(false);
  });
});

describe('selection slice', () => {
  it('selects one node and asks for focus', () => {
    const store = loadedStore();

    store.getState().selectNode('l1', { focus: true });
    store.getState().selectNode('in1', { focus: true });

    const state = store.getState();
    expect(state.selectedNodeId).toBe('in1');
    expect(state.nodes.filter((node) => node.selected).map((node) => node.id)).toEqual(['in1']);
    expect(state.focusRequest).toEqual({ nodeId: 'in1', nonce: 2 });
  });

  it('ignores an unknown node id', () => {
    const store = loadedStore();

    store.getState().selectNode('ghost');

    expect(store.getState().selectedNodeId).toBeNull();
  });
});

describe('log slice', () => {
  it('buffers lines while paused and merges them on resume', () => {
    const store = loadedStore();
    store.getState().receiveLogLines([logLine(1)]);

    store.getState().setLogPaused(true);
    store.getState().receiveLogLines([logLine(2), logLine(3)]);
    expect(store.getState().log.lines).toHaveLength(1);
    expect(highestHeldSeq(store.getState())).toBe(3);

    store.getState().setLogPaused(false);
    expect(store.getState().log.lines.map((line) => line.seq)).toEqual([1, 2, 3]);
    expect(store.getState().pausedLines).toEqual([]);
  });

  it('ignores lines of another flow', () => {
    const store = loadedStore();

    store.getState().receiveLogLines([logLine(1, 'other')]);

    expect(store.getState().log.lines).toHaveLength(0);
  });

  it('clears the view but keeps the highest seq', () => {
    const store = loadedStore();
    store.getState().receiveLogLines([logLine(1), logLine(2)]);

    store.getState().clearLogView();

    expect(store.getState().logFilter.clearedThroughSeq).toBe(2);
    expect(highestHeldSeq(store.getState())).toBe(2);
  });
});

describe('run slice', () => {
  it('tracks a transfer from start to end', () => {
    const store = loadedStore();

    store.getState().receiveTransfer({ flowId: 'f1', linkId: 'l1', update: 'q.0', phase: 'start' });
    expect(store.getState().linkRuns.l1.runningUpdate).toBe('q.0');

    store.getState().receiveTransfer({
      flowId: 'f1',
      linkId: 'l1',
      update: 'q.0',
      phase: 'end',
      status: 'ok',
      recordsOut: 12,
      durationMs: 40,
      nextAt: '2026-01-01T00:00:05.000Z',
    });
    const run = store.getState().linkRuns.l1;
    expect(run.runningUpdate).toBeNull();
    expect(run.last).toEqual(expect.objectContaining({ status: 'ok', recordsOut: 12, durationMs: 40 }));
    expect(run.nextAt).toBe('2026-01-01T00:00:05.000Z');
  });

  it('reads the next transfer time from a deployment', () => {
    const store = loadedStore();

    store.getState().applyLinkDeployment([
      {
        linkId: 'l1',
        nextTransferAt: '2026-01-01T00:00:10.000Z',
        lastTransfer: { linkId: 'l1', update: 'q.3', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 12, recordsIn: 4, recordsOut: 4, status: 'failed', error: 'boom' },
      },
    ]);

    const run = store.getState().linkRuns.l1;
    expect(run.nextAt).toBe('2026-01-01T00:00:10.000Z');
    expect(run.last).toEqual(expect.objectContaining({ update: 'q.3', status: 'failed', error: 'boom' }));
  });

  it('keeps the planner fire times of a deployment', () => {
    const store = loadedStore();
    const next = ['2026-01-01T06:00:00.000Z', '2026-01-02T06:00:00.000Z', '2026-01-03T06:00:00.000Z'];

    store.getState().applyLinkDeployment([{ linkId: 'l1', nextTransferAt: next[0], schedule: { next } }]);
    store.getState().applyLinkDeployment([{ linkId: 'l1', nextTransferAt: next[0] }]);

    expect(store.getState().linkRuns.l1.scheduleNext).toEqual(next);
    expect(store.getState().linkRuns.l1.nextAt).toBe(next[0]);
  });

  it('keeps status badges per node', () => {
    const store = loadedStore();

    store.getState().receiveStatus({ flowId: 'f1', nodeId: 'in1', state: 'error', text: 'HTTP 500' });
    store.getState().receiveStatus({ flowId: 'other', nodeId: 'in1', state: 'ok', text: 'fine' });

    expect(store.getState().statusByNode.in1.state).toBe('error');
  });

  it('drops run state when another flow loads', () => {
    const store = loadedStore();
    store.getState().setDeployErrors([{ nodeId: 'l1', message: 'This link has no inlet' }]);

    store.getState().loadFlow({ ...flow, id: 'f2' });

    expect(store.getState().deployErrors).toEqual([]);
    expect(store.getState().isDeployed).toBe(false);
  });
});

describe('palette slice', () => {
  it('shows the banner again when problems change', () => {
    const store = createStudioStore();
    store.getState().setNodeTypes({ nodeTypes: [link], problems: [{ source: 'a.js', message: 'broken' }] });
    store.getState().dismissProblemsBanner();

    store.getState().setNodeTypes({ nodeTypes: [link], problems: [{ source: 'a.js', message: 'broken' }] });
    expect(store.getState().isProblemsBannerDismissed).toBe(true);

    store.getState().setNodeTypes({ nodeTypes: [link], problems: [{ source: 'b.js', message: 'broken too' }] });
    expect(store.getState().isProblemsBannerDismissed).toBe(false);
    expect(store.getState().nodeTypeLookup.link).toBe(link);
  });
});
