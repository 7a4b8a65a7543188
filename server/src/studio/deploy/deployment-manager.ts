import type { Logger } from 'pino';
import { describeSchedule, nextFireTimes, type Flow, type OverlapPolicy, type TransferRecord } from '@databay-studio/shared';
import type { Link } from '../../engine/link.js';
import type { ProcessorStateStore } from '../../processors/state-store.js';
import type { NodeTypeRegistry } from '../../registry/registry.js';
import { captureRevisions, findStaleTypes, type NodeTypeRevisions } from '../../registry/stale-types.js';
import { createError, deployInvalidError, StudioError } from '../errors.js';
import type { LiveHub } from '../live/live-hub.js';
import type { FlowStore } from '../store/flow-store.js';
import type { TransferStore } from '../store/transfer-store.js';
import { compileFlow, type CompiledFlow } from './compile.js';
import { attachFlowEvents, formatCount } from './flow-events.js';
import { createFlowLogger } from './flow-logger.js';
import { createFlowPlanner, type FlowPlanner, type FlowPlannerSettings } from './flow-planner.js';
import { createScrubbedLogger } from './scrubbed-logger.js';
import { collectSecrets, createScrubber } from './secrets.js';

/** State of one link of a deployed flow, for countdowns in the client. */
export interface LinkDeploymentInfo {
  linkId: string;
  tags: string[];
  /** Time between transfers; 0 for a cron schedule. */
  intervalMs: number;
  /** The link's schedule in words and its next three fire times (ISO 8601), soonest first. */
  schedule: { description: string; next: string[] };
  overlap: OverlapPolicy;
  /** A transfer is in progress. */
  running: boolean;
  /** ISO 8601 time of the next scheduled transfer. */
  nextTransferAt?: string;
  lastTransfer?: TransferRecord;
}

/** Body of GET /api/flows/:id/deployment and of a successful deploy. */
export interface DeploymentInfo {
  flowId: string;
  deployed: boolean;
  /** Flow version that runs. */
  version?: number;
  deployedAt?: string;
  links: LinkDeploymentInfo[];
  /**
   * Node types of the running flow whose definition changed or was removed by a plugin reload
   * since deploy, sorted. The flow keeps the code it was deployed with until it is deployed again.
   * Present when deployed.
   */
  staleTypes?: string[];
}

export interface DeploymentManagerOptions {
  registry: NodeTypeRegistry;
  flows: FlowStore;
  transfers: TransferStore;
  hub: LiveHub;
  /** The server's logger. */
  logger: Logger;
  filesRoot: string;
  /** Keeps buffers and dedupe windows of deployed flows across restarts; the server passes its SQLite store. */
  stateStore?: ProcessorStateStore;
  /**
   * Maximum time a deploy waits for the flow to start, in ms. The immediate transfers may go on
   * after it returns. Default 5,000.
   */
  startWaitMs?: number;
  /** Planner each deployed flow runs on. Default: NodeSchedulePlanner, in this process. */
  planner?: FlowPlannerSettings;
}

/** Default maximum time a deploy request waits for the flow's start and immediate transfers, in ms. */
export const DEFAULT_START_WAIT_MS = 5_000;

interface RunningFlow {
  flow: Flow;
  compiled: CompiledFlow;
  planner: FlowPlanner;
  deployedAt: string;
  detach: () => void;
  /** Revision of each node type the flow uses, captured at deploy to find stale types. */
  revisions: NodeTypeRevisions;
}

/**
 * Runs deployed flows: one planner per flow, with ignoreExceptions so that a failed transfer is
 * logged and scheduling goes on. Operations on one flow run one after another.
 */
export class DeploymentManager {
  private readonly running = new Map<string, RunningFlow>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly logger: Logger;
  private readonly startWaitMs: number;
  private readonly plannerSettings: FlowPlannerSettings;

  constructor(private readonly options: DeploymentManagerOptions) {
    this.logger = options.logger.child({ component: 'deployments' });
    this.startWaitMs = options.startWaitMs ?? DEFAULT_START_WAIT_MS;
    this.plannerSettings = options.planner ?? { kind: 'node-schedule' };
  }

  isDeployed(flowId: string): boolean {
    return this.running.has(flowId);
  }

  /**
   * Compiles and starts a flow, replacing the running version (its nodes shut down once before
   * the new ones start). Throws DBS_DEPLOY_INVALID with every problem when the flow is invalid.
   */
  deploy(flow: Flow): Promise<DeploymentInfo> {
    return this.enqueue(flow.id, () => this.deployNow(flow));
  }

  /** Stops a deployed flow and deletes its stored deployment; returns false when it was not deployed. */
  stop(flowId: string): Promise<boolean> {
    return this.enqueue(flowId, async () => {
      const wasRunning = await this.shutDown(flowId, 'stopped');
      this.options.flows.deleteDeployment(flowId);
      return wasRunning;
    });
  }

  /** Runs one transfer of a link now, outside the schedule, and returns its history entry. */
  async transferNow(flowId: string, linkId: string): Promise<TransferRecord | undefined> {
    const current = this.running.get(flowId);
    if (!current) throw createError('DBS_FLOW_NOT_DEPLOYED', flowId);
    const link = current.compiled.link(linkId);
    if (!link) throw createError('DBS_LINK_NOT_FOUND', flowId, linkId);

    this.logger.info({ flowId, linkId }, 'Running a transfer now');
    this.options.hub.appendLog(flowId, { level: 'info', linkId, message: `Transfer of link "${linkId}" requested now` });
    await current.planner.forceTransfer([link]);
    return this.options.transfers.last(flowId, linkId);
  }

  /** Node types of a deployed flow whose definition changed since its deploy; empty when not deployed. */
  staleTypes(flowId: string): string[] {
    const current = this.running.get(flowId);
    return current ? findStaleTypes(current.revisions, this.options.registry) : [];
  }

  async info(flowId: string): Promise<DeploymentInfo> {
    const current = this.running.get(flowId);
    if (!current) return { flowId, deployed: false, links: [] };

    const nextTimesAt = await Promise.all(
      current.compiled.links.map(async (link) => {
        try {
          return await current.planner.nextTransferAt(link);
        } catch (error) {
          this.logger.warn({ flowId, linkId: link.id, err: error }, 'Reading the next transfer time failed');
          return undefined;
        }
      }),
    );
    return {
      flowId,
      deployed: true,
      version: current.flow.version,
      deployedAt: current.deployedAt,
      staleTypes: findStaleTypes(current.revisions, this.options.registry),
      links: current.compiled.links.map((link, index) => {
        const nextAt = nextTimesAt[index];
        const lastTransfer = this.options.transfers.last(flowId, link.id);
        return {
          linkId: link.id,
          tags: [...link.tags],
          intervalMs: link.intervalMs,
          schedule: { description: describeSchedule(link.schedule), next: nextTimes(link, nextAt).map((date) => date.toISOString()) },
          overlap: link.overlap,
          running: link.running,
          ...(nextAt ? { nextTransferAt: nextAt.toISOString() } : {}),
          ...(lastTransfer ? { lastTransfer } : {}),
        };
      }),
    };
  }

  /** Starts again every flow the store lists as deployed; one that fails is logged and forgotten. */
  async restore(): Promise<void> {
    const deployments = this.options.flows.listDeployments();
    if (deployments.length > 0) this.logger.info({ flows: deployments.length }, 'Starting deployed flows again');

    await Promise.all(
      deployments.map(async (deployment) => {
        try {
          await this.deploy(deployment.snapshot);
        } catch (error) {
          const message = error instanceof StudioError && error.details.errors
            ? error.details.errors.map((problem) => `${problem.nodeId}: ${problem.message}`).join('; ')
            : (error as Error).message;
          this.logger.error({ flowId: deployment.flowId, version: deployment.version, err: error }, 'Deployed flow failed to start again');
          this.options.hub.appendLog(deployment.flowId, {
            level: 'error',
            message: `Version ${deployment.version} was deployed but failed to start again after the restart: ${message}. Fix the flow and deploy it again.`,
          });
          this.options.flows.deleteDeployment(deployment.flowId);
        }
      }),
    );
  }

  /** Shuts every running flow down, keeping their deployments for the next start. */
  async close(): Promise<void> {
    const flowIds = [...this.running.keys()];
    await Promise.all(flowIds.map((flowId) => this.enqueue(flowId, () => this.shutDown(flowId, 'server closing'))));
  }

  private async deployNow(flow: Flow): Promise<DeploymentInfo> {
    const { hub, registry, filesRoot } = this.options;
    const secrets = collectSecrets(flow, registry);
    const scrub = createScrubber(secrets);
    const serverLogger = createScrubbedLogger(this.options.logger, scrub, secrets.length > 0);
    const flowLogger = serverLogger.child({ component: 'deployments', flowId: flow.id });
    const nodeLogger = createFlowLogger({ flowId: flow.id, hub, serverLogger, scrub });

    const result = await compileFlow(flow, {
      registry,
      filesRoot,
      nodeLogger,
      linkLogger: serverLogger,
      stateStore: this.options.stateStore,
    });
    if (!result.ok) {
      flowLogger.info({ version: flow.version, problems: result.problems.length }, 'Deploy rejected');
      hub.appendLog(flow.id, {
        level: 'warn',
        message: `Deploy of version ${flow.version} rejected: ${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'}. ${result.problems.map((problem) => `${problem.nodeId}${problem.field ? `.${problem.field}` : ''}: ${scrub(problem.message)}`).join('; ')}`,
      });
      throw deployInvalidError(flow, result.problems);
    }

    const previous = this.running.get(flow.id);
    if (previous) await this.shutDown(flow.id, `replaced by version ${flow.version}`);

    const compiled = result.compiled;
    const planner = createFlowPlanner(flow.id, compiled.links, this.plannerSettings, serverLogger.child({ flowId: flow.id }));
    const detach = attachFlowEvents({ flowId: flow.id, compiled, planner, hub, transfers: this.options.transfers, logger: flowLogger, scrub });
    const deployedAt = new Date().toISOString();
    const revisions = captureRevisions(registry, [...compiled.nodes.values()].map((node) => node.type));
    this.running.set(flow.id, { flow, compiled, planner, deployedAt, detach, revisions });
    this.options.flows.saveDeployment(flow);

    const nodes = [...compiled.nodes.values()];
    const inletCount = nodes.filter((compiledNode) => compiledNode.kind === 'inlet').length;
    const counts = [
      countOf(compiled.links.length, 'link'),
      countOf(inletCount, 'inlet'),
      countOf(nodes.length - inletCount, 'outlet'),
    ].join(', ');
    hub.appendLog(flow.id, { level: 'info', message: `Deploying version ${flow.version}: ${counts}` });
    flowLogger.info({ version: flow.version, links: compiled.links.length }, 'Deploying flow');

    const starting = planner.start().then(
      () => true,
      (error: Error) => {
        const message = scrub(error.message);
        flowLogger.error({ version: flow.version, err: { message } }, 'Flow failed to start');
        hub.appendLog(flow.id, { level: 'error', message: `Version ${flow.version} failed to start: ${message}` });
        return true;
      },
    );
    // planner.start() also waits for the immediate transfers, which a slow inlet can stretch to its timeout.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.startWaitMs);
    });
    const started = await Promise.race([starting, waited]);
    clearTimeout(timer);
    if (!started) {
      hub.appendLog(flow.id, {
        level: 'info',
        message: `Immediate transfers of version ${flow.version} are still running after ${formatCount(this.startWaitMs)} ms; they go on in the background`,
      });
    }

    hub.appendLog(flow.id, { level: 'info', message: `Deployed version ${flow.version}` });
    hub.emitFlowChanged({ flowId: flow.id, version: flow.version, deployed: true });
    return this.info(flow.id);
  }

  private async shutDown(flowId: string, reason: string): Promise<boolean> {
    const current = this.running.get(flowId);
    if (!current) return false;

    const { hub } = this.options;
    this.logger.info({ flowId, version: current.flow.version, reason }, 'Stopping flow');
    hub.appendLog(flowId, { level: 'info', message: `Stopping version ${current.flow.version}: ${reason}` });
    try {
      await current.planner.shutdown({ wait: true });
    } catch (error) {
      this.logger.error({ flowId, err: error }, 'Planner failed to shut down');
      hub.appendLog(flowId, { level: 'error', message: `Planner failed to shut down: ${(error as Error).message}` });
    } finally {
      current.detach();
      current.compiled.abort();
      this.running.delete(flowId);
    }

    hub.appendLog(flowId, { level: 'info', message: `Stopped version ${current.flow.version}` });
    hub.emitFlowChanged({ flowId, deployed: false });
    return true;
  }

  private enqueue<T>(flowId: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(flowId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(operation);
    const settled = next.catch(() => undefined);
    this.queues.set(flowId, settled);
    void settled.then(() => {
      if (this.queues.get(flowId) === settled) this.queues.delete(flowId);
    });
    return next;
  }
}

/** Lists the next three fire times of a running link: the planner's next, then the schedule's after it. */
function nextTimes(link: Link, nextAt: Date | undefined): Date[] {
  if (!nextAt) return [];
  if (!link.usesFireTimes) return [0, 1, 2].map((step) => new Date(nextAt.getTime() + step * link.intervalMs));
  try {
    return [nextAt, ...nextFireTimes(link.schedule, nextAt, 2)];
  } catch {
    return [nextAt];
  }
}

function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${count === 1 ? noun : `${noun}s`}`;
}
