import type { Flow, FlowSummary, NodeTypesResponse, TransferRecord } from '@databay-studio/shared';
import { ApiError } from '../api/api-error';
import { studioApi, type LinkPreview, type StudioApi } from '../api/studio-api';
import { toFlowInput } from '../store/flow-nodes';
import type { StudioStore } from '../store/studio-store';

/** Name of a flow the studio creates when there is none. */
export const UNTITLED_FLOW_NAME = 'Untitled flow';

/**
 * The studio's requests to the server and what they change in the store. Every failure
 * becomes a toast; none throws to the caller.
 */
export class StudioActions {
  constructor(
    private readonly store: StudioStore,
    private readonly api: StudioApi = studioApi,
  ) {}

  private report(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.store.getState().pushToast(message, 'error');
  }

  async refreshNodeTypes(): Promise<void> {
    try {
      this.store.getState().setNodeTypes(await this.api.nodeTypes());
    } catch (error) {
      this.report(error);
    }
  }

  /**
   * Asks the server to load the plugins again. The palette updates from the response, and the
   * open flow's deployment is read again, so nodes of changed types get their stale mark.
   */
  async reloadNodeTypes(): Promise<void> {
    try {
      const response = await this.api.reloadNodeTypes();
      const state = this.store.getState();
      state.setNodeTypes(response);
      state.pushToast(describeReload(response), response.problems.length > 0 ? 'error' : 'success');
    } catch (error) {
      this.report(error);
      return;
    }

    if (this.store.getState().isDeployed) await this.refreshDeployment();
    void this.refreshFlowList();
  }

  /** Applies the node types the server sends after any reload, from this browser or another. */
  handleNodeTypes(response: NodeTypesResponse): void {
    this.store.getState().setNodeTypes(response);
    if (this.store.getState().isDeployed) void this.refreshDeployment();
    void this.refreshFlowList();
  }

  async refreshFlowList(): Promise<FlowSummary[]> {
    try {
      const flows = await this.api.listFlows();
      this.store.getState().setFlowList(flows);
      return flows;
    } catch (error) {
      this.report(error);
      return this.store.getState().flowList;
    }
  }

  async refreshExamples(): Promise<void> {
    try {
      this.store.getState().setExamples(await this.api.examples());
    } catch (error) {
      this.report(error);
    }
  }

  /** Loads a flow onto the canvas with its deployment state and puts its id in the URL. */
  async openFlow(flowId: string): Promise<boolean> {
    try {
      const [flow, deployment] = await Promise.all([
        this.api.getFlow(flowId),
        this.api.deployment(flowId).catch(() => null),
      ]);

      const state = this.store.getState();
      state.resetLog();
      state.loadFlow(flow, { isDeployed: deployment?.deployed ?? false, version: deployment?.version ?? null });
      if (deployment?.deployed) {
        state.applyLinkDeployment(deployment.links ?? []);
        state.setStaleTypes(deployment.staleTypes ?? []);
      }
      writeFlowIdToUrl(flow.id);
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  private initialFlowOpening: Promise<void> | null = null;

  /**
   * Opens the flow named in the URL, else the most recently updated flow, else a new empty one.
   * Repeated calls share the first call's work, so React's development double effects create no second flow.
   */
  openInitialFlow(): Promise<void> {
    this.initialFlowOpening ??= this.openFirstFlow();
    return this.initialFlowOpening;
  }

  private async openFirstFlow(): Promise<void> {
    const urlFlowId = readFlowIdFromUrl();
    const flowList = this.refreshFlowList();

    if (urlFlowId && (await this.openFlow(urlFlowId))) return;
    const flows = await flowList;

    const latest = [...flows].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))[0];
    if (latest && (await this.openFlow(latest.id))) return;

    await this.createFlow(UNTITLED_FLOW_NAME);
  }

  async createFlow(name: string): Promise<void> {
    try {
      const flow = await this.api.createFlow({ name, nodes: [], edges: [] });
      this.adoptFlow(flow);
      await this.refreshFlowList();
    } catch (error) {
      this.report(error);
    }
  }

  private adoptFlow(flow: Flow): void {
    const state = this.store.getState();
    state.resetLog();
    state.loadFlow(flow);
    writeFlowIdToUrl(flow.id);
  }

  /**
   * Saves the open flow with the version it was loaded at. A 409 opens the conflict dialog and
   * leaves the canvas as it is, so no edit is lost. Returns whether the flow was saved.
   */
  async saveFlow(): Promise<boolean> {
    const { flowId, flowName, flowVersion, nodes, edges, editCount, pendingRequest } = this.store.getState();
    if (!flowId || pendingRequest === 'save') return false;

    this.store.getState().setPendingRequest('save');
    try {
      const saved = await this.api.saveFlow(flowId, { ...toFlowInput(flowName, nodes, edges), version: flowVersion });
      this.store.getState().markSaved(saved, editCount);
      void this.refreshFlowList();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.isConflict) {
        this.store.getState().setConflict({ flowId, serverVersion: await this.serverVersionOf(flowId), message: error.message });
      } else {
        this.report(error);
      }
      return false;
    } finally {
      this.store.getState().setPendingRequest(null);
    }
  }

  private async serverVersionOf(flowId: string): Promise<number | null> {
    try {
      return (await this.api.getFlow(flowId)).version;
    } catch {
      return null;
    }
  }

  /** Saves the canvas as a new flow named "<name> (copy)" and opens it; the original stays as the server has it. */
  async saveAsCopy(): Promise<void> {
    const { flowName, nodes, edges } = this.store.getState();

    try {
      const copy = await this.api.createFlow(toFlowInput(`${flowName} (copy)`, nodes, edges));
      this.adoptFlow(copy);
      this.store.getState().pushToast(`Saved as "${copy.name}".`, 'success');
      await this.refreshFlowList();
    } catch (error) {
      this.report(error);
    }
  }

  /** Drops the canvas edits and loads the server's version of the open flow. */
  async reloadFlow(): Promise<void> {
    const { flowId } = this.store.getState();
    if (!flowId) return;

    await this.openFlow(flowId);
  }

  /** Deploys the open flow, saving it first when it has unsaved edits; a 422 puts its errors on the nodes. */
  async deployFlow(): Promise<void> {
    if (this.store.getState().isDirty && !(await this.saveFlow())) return;
    const { flowId, flowVersion } = this.store.getState();
    if (!flowId) return;

    this.store.getState().setPendingRequest('deploy');
    try {
      await this.api.deploy(flowId);
      const state = this.store.getState();
      state.setDeployErrors([]);
      state.setDeployed(true, flowVersion);
      state.pushToast(`Deployed version ${flowVersion}.`, 'success');
      await this.refreshDeployment();
    } catch (error) {
      const problems = error instanceof ApiError ? error.deployProblems : [];
      if (problems.length > 0) {
        this.store.getState().setDeployErrors(problems);
        const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
        this.store.getState().pushToast(`Deploy failed: ${count}. Fix the nodes marked in red.`, 'error');
      } else {
        this.report(error);
      }
    } finally {
      this.store.getState().setPendingRequest(null);
    }
  }

  async stopFlow(): Promise<void> {
    const { flowId } = this.store.getState();
    if (!flowId) return;

    try {
      await this.api.stop(flowId);
      const state = this.store.getState();
      state.setDeployed(false);
      state.clearRunState();
      state.pushToast('Stopped the flow.', 'info');
    } catch (error) {
      this.report(error);
    }
  }

  /** Runs a transfer now on the selected link, or on every link when no link is selected. */
  async runNow(): Promise<void> {
    const { flowId, nodes, selectedNodeId } = this.store.getState();
    if (!flowId) return;

    const selected = nodes.find((node) => node.id === selectedNodeId && node.data.kind === 'link');
    const linkIds = selected ? [selected.id] : nodes.filter((node) => node.data.kind === 'link').map((node) => node.id);
    if (linkIds.length === 0) {
      this.store.getState().pushToast('This flow has no link to run.', 'info');
      return;
    }

    const results = await Promise.allSettled(linkIds.map((linkId) => this.api.runLink(flowId, linkId)));
    for (const result of results) {
      if (result.status === 'rejected') this.report(result.reason);
    }
  }

  /** Returns the newest transfers of a link of the open flow, or an empty list after reporting a failure. */
  async loadTransfers(linkId: string, limit = 10): Promise<TransferRecord[]> {
    const { flowId } = this.store.getState();
    if (!flowId) return [];

    try {
      return await this.api.transfers(flowId, limit, linkId);
    } catch (error) {
      this.report(error);
      return [];
    }
  }

  /**
   * Previews a link of the open flow as the canvas has it, saved or not. Returns the preview, or
   * the error to show in the preview panel; a 422 carries the problems of the link's nodes.
   */
  async previewLink(linkId: string, limit = 50): Promise<{ preview: LinkPreview } | { error: ApiError | Error }> {
    const { flowId, flowName, nodes, edges } = this.store.getState();
    if (!flowId) return { error: new Error('No flow is open: open or create a flow, then preview a link.') };

    try {
      return { preview: await this.api.previewLink(flowId, linkId, { flow: toFlowInput(flowName, nodes, edges), limit }) };
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  async refreshDeployment(): Promise<void> {
    const { flowId } = this.store.getState();
    if (!flowId) return;

    try {
      const deployment = await this.api.deployment(flowId);
      if (this.store.getState().flowId !== flowId) return;
      this.store.getState().setDeployed(deployment.deployed, deployment.version ?? null);
      this.store.getState().applyLinkDeployment(deployment.links ?? []);
      this.store.getState().setStaleTypes(deployment.deployed ? (deployment.staleTypes ?? []) : []);
    } catch (error) {
      this.report(error);
    }
  }

  /** Renames a flow from the flow list; the open flow is renamed on the canvas and saved. */
  async renameFlow(flowId: string, name: string): Promise<void> {
    const nextName = name.trim();
    if (!nextName) return;

    if (flowId === this.store.getState().flowId) {
      this.store.getState().renameFlow(nextName);
      await this.saveFlow();
      return;
    }
    try {
      const flow = await this.api.getFlow(flowId);
      await this.api.saveFlow(flowId, { name: nextName, nodes: flow.nodes, edges: flow.edges, version: flow.version });
      await this.refreshFlowList();
    } catch (error) {
      this.report(error);
    }
  }

  /** Deletes a flow; when it is the open one, opens another flow or a new empty one. */
  async deleteFlow(flowId: string): Promise<void> {
    try {
      await this.api.deleteFlow(flowId);
    } catch (error) {
      this.report(error);
      return;
    }

    const flows = await this.refreshFlowList();
    if (flowId !== this.store.getState().flowId) return;

    const next = flows.find((flow) => flow.id !== flowId);
    if (next && (await this.openFlow(next.id))) return;
    await this.createFlow(UNTITLED_FLOW_NAME);
  }

  async createFromExample(exampleId: string): Promise<void> {
    try {
      const flow = await this.api.createFromExample(exampleId);
      this.adoptFlow(flow);
      this.store.getState().pushToast(`Created "${flow.name}" from an example.`, 'success');
      await this.refreshFlowList();
    } catch (error) {
      this.report(error);
    }
  }

  /** Reacts to a `flow-changed` event: deploy state, deletion, and saves made in another tab. */
  handleFlowChanged(change: { flowId: string; version?: number; deployed?: boolean; deleted?: boolean }): void {
    void this.refreshFlowList();
    const state = this.store.getState();
    if (change.flowId !== state.flowId) return;

    if (change.deleted) {
      state.pushToast('This flow was deleted elsewhere. Save it as a copy to keep it.', 'error');
      return;
    }
    if (change.deployed !== undefined && change.deployed !== state.isDeployed) {
      state.setDeployed(change.deployed, change.deployed ? (change.version ?? null) : null);
      if (change.deployed) void this.refreshDeployment();
      else state.clearRunState();
    }
    if (change.version !== undefined && change.version > state.flowVersion && state.pendingRequest !== 'save') {
      state.pushToast(`This flow was saved elsewhere (version ${change.version}). Reload it to see the changes.`, 'info');
    }
  }
}

/** Builds the reload toast: the number of node types the server offers and the plugins that failed to load. */
export function describeReload(response: NodeTypesResponse): string {
  const count = response.nodeTypes.length;
  const loaded = `Reloaded node types: ${count} node ${count === 1 ? 'type' : 'types'} available.`;
  const problemCount = response.problems.length;
  if (problemCount === 0) return loaded;

  const sources = response.problems.map((problem) => problem.source).join(', ');
  return `${loaded} ${problemCount === 1 ? '1 plugin' : `${problemCount} plugins`} failed to load: ${sources}.`;
}

// Outside a browser (tests in node) there is no URL to read or write.
function readFlowIdFromUrl(): string | null {
  if (typeof window === 'undefined') return null;
  return new URLSearchParams(window.location.search).get('flow');
}

function writeFlowIdToUrl(flowId: string): void {
  if (typeof window === 'undefined') return;
  const url = new URL(window.location.href);
  if (url.searchParams.get('flow') === flowId) return;

  url.searchParams.set('flow', flowId);
  window.history.replaceState(null, '', url);
}
