import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow, FlowProblem, NodeTypeDescriptor, NodeTypesResponse } from '@databay-studio/shared';
import { createStudioApi } from '../api/studio-api';
import { createStudioStore, type StudioStore } from '../store/studio-store';
import { describeReload, StudioActions } from './studio-actions';

/** A small in-memory stand-in for the studio server's flow routes, with the same status codes. */
class FlowServer {
  readonly flows = new Map<string, Flow>();
  readonly requests: string[] = [];
  deployProblems: FlowProblem[] = [];
  readonly deployedVersions = new Map<string, number>();
  /** Stale node types the deployment route reports for every deployed flow. */
  staleTypes: string[] = [];
  nodeTypes: NodeTypesResponse = { nodeTypes: [], problems: [] };
  private counter = 0;
  private server: Server = createServer((request, response) => void this.handle(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  addFlow(flow: Omit<Flow, 'id' | 'version'> & Partial<Pick<Flow, 'id' | 'version'>>): Flow {
    this.counter += 1;
    const stored: Flow = { id: `f${this.counter}`, version: 1, ...flow };
    this.flows.set(stored.id, stored);
    return stored;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.requests.push(`${request.method} ${url.pathname}`);

    const send = (status: number, payload?: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const match = /^\/api\/flows\/([^/]+)(\/deploy|\/deployment)?$/.exec(url.pathname);
    const flow = match ? this.flows.get(decodeURIComponent(match[1])) : undefined;

    if (url.pathname === '/api/flows' && request.method === 'GET') {
      return send(200, [...this.flows.values()].map(({ id, name, version, updatedAt }) => ({ id, name, version, deployed: false, updatedAt })));
    }
    if (url.pathname === '/api/flows' && request.method === 'POST') return send(201, this.addFlow(body));
    if (url.pathname === '/api/node-types/reload' && request.method === 'POST') return send(200, this.nodeTypes);
    if (!match) return send(404, { statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: `No route ${url.pathname}` });
    if (!flow) return send(404, { statusCode: 404, code: 'FLOW_NOT_FOUND', error: 'Not Found', message: `Flow "${match[1]}" not found.` });

    if (match[2] === '/deployment') {
      const version = this.deployedVersions.get(flow.id);
      const deployed = version !== undefined;
      return send(200, { deployed, version, links: [], ...(deployed ? { staleTypes: this.staleTypes } : {}) });
    }
    if (match[2] === '/deploy') {
      if (this.deployProblems.length) return send(422, { errors: this.deployProblems });
      this.deployedVersions.set(flow.id, flow.version);
      return send(200, { deployed: true, version: flow.version });
    }
    if (request.method === 'GET') return send(200, flow);
    if (request.method === 'PUT') {
      if (body.version !== flow.version) {
        return send(409, { statusCode: 409, code: 'FLOW_VERSION_CONFLICT', error: 'Conflict', message: `Flow "${flow.id}" is at version ${flow.version}.` });
      }
      const saved: Flow = { ...flow, name: body.name, nodes: body.nodes, edges: body.edges, version: flow.version + 1 };
      this.flows.set(flow.id, saved);
      return send(200, saved);
    }
    return send(405, { statusCode: 405, code: 'METHOD', error: 'Method Not Allowed', message: 'Unsupported method.' });
  }
}

const linkFlow = {
  name: 'Quakes',
  nodes: [
    { id: 'in1', kind: 'inlet' as const, type: 'http-inlet', position: { x: 0, y: 0 }, config: { url: 'http://127.0.0.1/' } },
    { id: 'l1', kind: 'link' as const, type: 'link', position: { x: 300, y: 0 }, config: { interval: 1000 } },
  ],
  edges: [{ id: 'e1', source: 'in1', target: 'l1' }],
};

describe('StudioActions', () => {
  let server: FlowServer;
  let store: StudioStore;
  let actions: StudioActions;

  beforeEach(async () => {
    server = new FlowServer();
    const baseUrl = await server.start();
    store = createStudioStore();
    actions = new StudioActions(store, createStudioApi(baseUrl));
  });

  afterEach(async () => {
    await server.stop();
  });

  it('creates a flow when none exists', async () => {
    await actions.openInitialFlow();

    expect(store.getState().flowName).toBe('Untitled flow');
    expect(server.flows.size).toBe(1);
  });

  it('opens the most recently updated flow', async () => {
    server.addFlow({ ...linkFlow, name: 'Old', updatedAt: '2026-01-01T00:00:00.000Z' });
    const recent = server.addFlow({ ...linkFlow, name: 'Recent', updatedAt: '2026-02-01T00:00:00.000Z' });

    await actions.openInitialFlow();

    expect(store.getState().flowId).toBe(recent.id);
    expect(store.getState().nodes).toHaveLength(2);
  });

  it('saves with the loaded version', async () => {
    const flow = server.addFlow(linkFlow);
    await actions.openFlow(flow.id);
    store.getState().renameFlow('Quakes 2');

    const isSaved = await actions.saveFlow();

    expect(isSaved).toBe(true);
    expect(store.getState().flowVersion).toBe(2);
    expect(store.getState().isDirty).toBe(false);
    expect(server.flows.get(flow.id)?.name).toBe('Quakes 2');
  });

  it('opens the conflict dialog on a stale save', async () => {
    const flow = server.addFlow(linkFlow);
    await actions.openFlow(flow.id);
    server.flows.set(flow.id, { ...flow, version: 5 });
    store.getState().updateNodeConfig('l1', { interval: 2000 });

    const isSaved = await actions.saveFlow();

    expect(isSaved).toBe(false);
    expect(store.getState().conflict).toEqual(expect.objectContaining({ flowId: flow.id, serverVersion: 5 }));
    expect(store.getState().isDirty).toBe(true);
    expect(store.getState().nodes[1].data.config).toEqual({ interval: 2000 });
    expect(server.flows.get(flow.id)?.version).toBe(5);
  });

  it('saves a conflicting canvas as a copy', async () => {
    const flow = server.addFlow(linkFlow);
    await actions.openFlow(flow.id);
    store.getState().updateNodeConfig('l1', { interval: 2000 });

    await actions.saveAsCopy();

    const copy = [...server.flows.values()].find((entry) => entry.name === 'Quakes (copy)');
    expect(copy?.nodes[1].config).toEqual({ interval: 2000 });
    expect(store.getState().flowId).toBe(copy?.id);
    expect(store.getState().isDirty).toBe(false);
  });

  it('saves before deploying a dirty flow', async () => {
    const flow = server.addFlow(linkFlow);
    await actions.openFlow(flow.id);
    store.getState().updateNodeConfig('l1', { interval: 2000 });
    server.requests.length = 0;

    await actions.deployFlow();

    expect(server.requests.filter((entry) => !entry.startsWith('GET'))).toEqual([`PUT /api/flows/${flow.id}`, `POST /api/flows/${flow.id}/deploy`]);
    expect(store.getState().isDeployed).toBe(true);
    expect(store.getState().deployedVersion).toBe(2);
  });

  it('puts deploy errors on their nodes', async () => {
    const flow = server.addFlow(linkFlow);
    await actions.openFlow(flow.id);
    server.deployProblems = [{ nodeId: 'l1', message: 'This link has no outlet: connect it to at least one outlet.' }];

    await actions.deployFlow();

    expect(store.getState().isDeployed).toBe(false);
    expect(store.getState().deployErrorsByNode.l1).toHaveLength(1);
    expect(store.getState().toasts.at(-1)).toEqual(expect.objectContaining({ tone: 'error' }));
  });

  it('reload marks stale types of the open flow', async () => {
    const flow = server.addFlow(linkFlow);
    await actions.openFlow(flow.id);
    await actions.deployFlow();
    expect(store.getState().staleTypes).toEqual([]);
    server.staleTypes = ['http-inlet'];
    server.nodeTypes = { nodeTypes: [{ id: 'http-inlet', label: 'HTTP' } as NodeTypeDescriptor], problems: [] };

    await actions.reloadNodeTypes();

    expect(store.getState().nodeTypes.map((nodeType) => nodeType.id)).toEqual(['http-inlet']);
    expect(store.getState().staleTypes).toEqual(['http-inlet']);
    expect(store.getState().toasts.at(-1)).toEqual({ id: expect.any(Number), message: 'Reloaded node types: 1 node type available.', tone: 'success' });

    server.staleTypes = [];
    await actions.deployFlow();
    expect(store.getState().staleTypes).toEqual([]);
  });

  it('reports a missing flow as a toast', async () => {
    const isOpened = await actions.openFlow('ghost');

    expect(isOpened).toBe(false);
    expect(store.getState().toasts.at(-1)?.message).toBe('Flow "ghost" not found.');
  });
});

describe('describeReload', () => {
  it('counts node types', () => {
    const message = describeReload({ nodeTypes: [{ id: 'a' }, { id: 'b' }] as NodeTypeDescriptor[], problems: [] });

    expect(message).toBe('Reloaded node types: 2 node types available.');
  });

  it('names the plugins that failed', () => {
    const message = describeReload({
      nodeTypes: [{ id: 'a' }] as NodeTypeDescriptor[],
      problems: [{ source: '/data/plugins/broken.mjs', message: 'Failed to load' }],
    });

    expect(message).toBe('Reloaded node types: 1 node type available. 1 plugin failed to load: /data/plugins/broken.mjs.');
  });
});
