import {
  linkConfigSchema,
  validateFlowGraph,
  type Flow,
  type FlowProblem,
  type LinkConfig,
} from '@databay-studio/shared';
import type { NodeTypeRegistry } from '../../registry/registry.js';
import { LINK_NODE_TYPE } from './link-node-type.js';

/** Result of checking a flow before deploy: every problem, and the parsed config of each node that passed. */
export interface FlowCheck {
  problems: FlowProblem[];
  linkConfigs: Map<string, LinkConfig>;
  nodeConfigs: Map<string, unknown>;
}

/**
 * Checks a flow for deploy: its graph (validateFlowGraph) and each node's config against its node
 * type's zod schema, collecting every problem instead of stopping at the first.
 */
export function checkFlow(flow: Pick<Flow, 'nodes' | 'edges'>, registry: NodeTypeRegistry): FlowCheck {
  const problems = validateFlowGraph(flow, (type) => registry.kindOf(type));
  const linkConfigs = new Map<string, LinkConfig>();
  const nodeConfigs = new Map<string, unknown>();

  for (const node of flow.nodes) {
    if (node.kind === 'link') {
      if (node.type !== LINK_NODE_TYPE) continue;
      const parsed = linkConfigSchema.safeParse(node.config ?? {});
      if (parsed.success) linkConfigs.set(node.id, parsed.data);
      else problems.push(...toProblems(node.id, parsed.error.issues));
      continue;
    }

    const definition = registry.get(node.type);
    if (!definition || definition.kind !== node.kind) continue;
    const parsed = definition.config.safeParse(node.config ?? {});
    if (parsed.success) nodeConfigs.set(node.id, parsed.data);
    else problems.push(...toProblems(node.id, parsed.error.issues));
  }

  return { problems, linkConfigs, nodeConfigs };
}

function toProblems(nodeId: string, issues: { path: PropertyKey[]; message: string }[]): FlowProblem[] {
  return issues.map((issue) => {
    const problem: FlowProblem = { nodeId, message: issue.message };
    if (issue.path.length > 0) problem.field = issue.path.map(String).join('.');
    return problem;
  });
}
