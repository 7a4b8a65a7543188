import type { Logger } from 'pino';
import { linkMembers, type Flow, type FlowProblem } from '@databay-studio/shared';
import type { Inlet } from '../../engine/inlet.js';
import { Link } from '../../engine/link.js';
import type { Outlet } from '../../engine/outlet.js';
import type { ProcessorStateStore } from '../../processors/state-store.js';
import type { NodeContext } from '../../registry/define.js';
import { instantiateNode } from '../../registry/instantiate.js';
import { abortNodeContext, createNodeContext } from '../../registry/node-context.js';
import { NodeTypeError } from '../../registry/node-type-error.js';
import { BUILTIN_SOURCE, type NodeTypeRegistry } from '../../registry/registry.js';
import { buildLinkSteps, buildOutletProcessors, SHARED_OUTLET_LINK_ID, type StepSite } from './compile-steps.js';
import { checkFlow, stepLookup } from './validate.js';

export interface CompileOptions {
  registry: NodeTypeRegistry;
  /** Folder that relative file paths in node configs resolve against. */
  filesRoot: string;
  /** Parent of each node's context.logger, which binds the flow, link and node ids. */
  nodeLogger: Logger;
  /** Parent of each link's logger; compile binds the flow id and the Link binds its own id. */
  linkLogger: Logger;
  /**
   * Keeps the state of processors across restarts, such as a buffer's held records. A preview
   * passes a memory store. Without one, that state lives in memory only.
   */
  stateStore?: ProcessorStateStore;
}

/** One inlet or outlet instance of a compiled flow; shared by every link it belongs to. */
export interface CompiledNode {
  nodeId: string;
  type: string;
  kind: 'inlet' | 'outlet';
  node: Inlet | Outlet;
  /** The context `create` received; aborting it fires the node's signal. */
  context: NodeContext;
}

/** The links of a flow, ready to hand to a planner. */
export class CompiledFlow {
  private readonly idLookup = new Map<Inlet | Outlet, string>();

  constructor(
    readonly flowId: string,
    readonly version: number,
    readonly links: Link[],
    readonly nodes: Map<string, CompiledNode>,
    /** Inlet and outlet node ids of each link node id. */
    readonly members: Map<string, { inlets: string[]; outlets: string[] }>,
  ) {
    for (const compiled of nodes.values()) this.idLookup.set(compiled.node, compiled.nodeId);
  }

  /** Node id of an inlet or outlet instance of this flow. */
  nodeIdOf(node: Inlet | Outlet | undefined): string | undefined {
    return node ? this.idLookup.get(node) : undefined;
  }

  link(linkId: string): Link | undefined {
    return this.links.find((link) => link.id === linkId);
  }

  /** Aborts every node's signal; for nodes that were never started or are already shut down. */
  abort(): void {
    for (const compiled of this.nodes.values()) abortNodeContext(compiled.context);
  }
}

export type CompileResult = { ok: true; compiled: CompiledFlow } | { ok: false; problems: FlowProblem[] };

/**
 * Turns a flow into Links: checks it, creates each inlet and outlet once through its node type
 * (a node shared by several links is one instance, so its onStart runs once), and builds one Link
 * per link node. Returns every problem instead when the flow is invalid or a `create` throws.
 */
export async function compileFlow(flow: Flow, options: CompileOptions): Promise<CompileResult> {
  const { problems, linkConfigs, nodeConfigs, outletSteps } = checkFlow(flow, options.registry);
  if (problems.length > 0) return { ok: false, problems };

  const members = linkMembers(flow);
  // Built once: looking the links up per node scans every link for every node.
  const linksOfNode = new Map<string, string[]>();
  for (const [linkId, member] of members) {
    for (const nodeId of new Set([...member.inlets, ...member.outlets])) {
      const linkIds = linksOfNode.get(nodeId);
      if (linkIds) linkIds.push(linkId);
      else linksOfNode.set(nodeId, [linkId]);
    }
  }

  const nodes = new Map<string, CompiledNode>();
  const createProblems: FlowProblem[] = [];
  for (const flowNode of flow.nodes) {
    const linkIds = linksOfNode.get(flowNode.id);
    if (!linkIds) continue;
    const created = await createNode(flow, flowNode.id, flowNode.type, nodeConfigs.get(flowNode.id), linkIds, options);
    if ('problem' in created) createProblems.push(created.problem);
    else nodes.set(flowNode.id, created);
  }

  const lookup = stepLookup(options.registry);
  const stepSite = (linkId: string, nodeId: string): StepSite => ({
    flowId: flow.id,
    linkId,
    nodeId,
    logger: options.nodeLogger.child({ nodeId, linkId }),
    lookup,
    stateStore: options.stateStore,
  });

  if (createProblems.length === 0) {
    for (const [nodeId, steps] of outletSteps) {
      const compiled = nodes.get(nodeId);
      if (!compiled) continue;
      const feeding = linksOfNode.get(nodeId) ?? [];
      const linkId = feeding.length === 1 ? feeding[0] : SHARED_OUTLET_LINK_ID;
      try {
        (compiled.node as Outlet).processors.push(...(await buildOutletProcessors(steps, stepSite(linkId, nodeId))));
      } catch (error) {
        createProblems.push({ nodeId, field: 'processors', message: `Could not create the outlet's processors: ${(error as Error).message}` });
      }
    }
  }

  const links: Link[] = [];
  if (createProblems.length === 0) {
    for (const [linkId, member] of members) {
      const config = linkConfigs.get(linkId)!;
      let steps: Awaited<ReturnType<typeof buildLinkSteps>> = { processors: [], groupers: [] };
      try {
        // Most links have no steps; they skip the step logger and the build.
        if (config.processors.length > 0 || config.groupers.length > 0) steps = await buildLinkSteps(config, stepSite(linkId, linkId));
      } catch (error) {
        createProblems.push({ nodeId: linkId, field: 'processors', message: `Could not create the link's steps: ${(error as Error).message}` });
        continue;
      }
      try {
        links.push(
          new Link({
            id: linkId,
            inlets: member.inlets.map((nodeId) => nodes.get(nodeId)!.node as Inlet),
            outlets: member.outlets.map((nodeId) => nodes.get(nodeId)!.node as Outlet),
            interval: config.interval,
            schedule: config.schedule,
            overlap: config.overlap,
            maxConcurrent: config.maxConcurrent,
            processors: steps.processors,
            groupers: steps.groupers,
            tags: config.tags,
            ignoreExceptions: config.ignoreExceptions,
            copyRecords: config.copyRecords,
            inletConcurrency: config.inletConcurrency,
            streamBatches: config.streamBatches,
            immediateTransfer: config.immediateTransfer,
            logger: options.linkLogger.child({ flowId: flow.id }),
          }),
        );
      } catch (error) {
        createProblems.push({ nodeId: linkId, message: `Invalid link: ${(error as Error).message}` });
      }
    }
  }

  if (createProblems.length > 0) {
    for (const compiled of nodes.values()) abortNodeContext(compiled.context);
    return { ok: false, problems: createProblems };
  }
  return { ok: true, compiled: new CompiledFlow(flow.id, flow.version, links, nodes, members) };
}

/**
 * Creates one inlet or outlet through the registry's `instantiateNode`, the path every built-in
 * and plugin node type takes. `config` was already parsed by `checkFlow`. A failing `create`
 * becomes a problem naming the node, the type and its source.
 */
async function createNode(
  flow: Flow,
  nodeId: string,
  type: string,
  config: unknown,
  linkIds: string[],
  options: CompileOptions,
): Promise<CompiledNode | { problem: FlowProblem }> {
  const definition = options.registry.get(type)!;
  const source = options.registry.sourceOf(type) ?? BUILTIN_SOURCE;
  const context = createNodeContext({
    flowId: flow.id,
    nodeId,
    linkId: linkIds.length === 1 ? linkIds[0] : undefined,
    logger: options.nodeLogger,
    filesRoot: options.filesRoot,
  });

  try {
    const node = await instantiateNode(definition, config, context, { source, parseConfig: false });
    return { nodeId, type, kind: definition.kind, node, context };
  } catch (error) {
    abortNodeContext(context, 'The node could not be created.');
    const cause = error instanceof NodeTypeError ? error.cause : error;
    return {
      problem: {
        nodeId,
        message: `Node type "${type}" (from ${source}) failed to create the node: ${(cause as Error)?.message ?? String(cause)}`,
      },
    };
  }
}
