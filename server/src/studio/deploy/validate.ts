import {
  cronScheduleSchema,
  intervalScheduleSchema,
  linkConfigSchema,
  processorStepsSchema,
  validateFlowGraph,
  type Flow,
  type FlowProblem,
  type LinkConfig,
  type ProcessorStepConfig,
} from '@databay-studio/shared';
import { validateProcessorSteps, type StepLookup } from '../../processors/validate-steps.js';
import type { StepList } from '../../processors/define-processor.js';
import type { NodeTypeRegistry } from '../../registry/registry.js';
import { LINK_NODE_TYPE } from './link-node-type.js';

/** Config key of an outlet's own processors; every outlet type has it, whatever its schema. */
export const OUTLET_STEPS_KEY = 'processors';

/** Result of checking a flow before deploy: every problem, and the parsed config of each node that passed. */
export interface FlowCheck {
  problems: FlowProblem[];
  linkConfigs: Map<string, LinkConfig>;
  /** Config of each inlet and outlet, parsed by its node type's schema, without `processors`. */
  nodeConfigs: Map<string, unknown>;
  /** Steps of each outlet's `processors` key, for the outlets that have any. */
  outletSteps: Map<string, ProcessorStepConfig[]>;
}

/**
 * Checks a flow for deploy: its graph (validateFlowGraph), each node's config against its node
 * type's zod schema, and each processor and grouper step of links and outlets against its
 * registered type, collecting every problem instead of stopping at the first.
 */
export function checkFlow(flow: Pick<Flow, 'nodes' | 'edges'>, registry: NodeTypeRegistry): FlowCheck {
  const problems = validateFlowGraph(flow, (type) => registry.kindOf(type));
  const linkConfigs = new Map<string, LinkConfig>();
  const nodeConfigs = new Map<string, unknown>();
  const outletSteps = new Map<string, ProcessorStepConfig[]>();
  const lookup = stepLookup(registry);

  for (const node of flow.nodes) {
    if (node.kind === 'link') {
      if (node.type !== LINK_NODE_TYPE) continue;
      const parsed = linkConfigSchema.safeParse(node.config ?? {});
      if (!parsed.success) {
        problems.push(...linkConfigProblems(node.id, node.config ?? {}, parsed.error.issues));
        // Another bad key, such as the schedule, must not hide the problems of well-formed steps.
        for (const list of ['processors', 'groupers'] as const) {
          const steps = processorStepsSchema.safeParse(node.config?.[list] ?? []);
          if (steps.success) problems.push(...stepListProblems(node.id, steps.data, lookup, list));
        }
        continue;
      }
      const stepProblems = [
        ...stepListProblems(node.id, parsed.data.processors, lookup, 'processors'),
        ...stepListProblems(node.id, parsed.data.groupers, lookup, 'groupers'),
      ];
      problems.push(...stepProblems);
      if (stepProblems.length === 0) linkConfigs.set(node.id, parsed.data);
      continue;
    }

    const definition = registry.get(node.type);
    if (!definition || definition.kind !== node.kind) continue;

    let config: Record<string, unknown> = { ...(node.config ?? {}) };
    if (node.kind === 'outlet' && OUTLET_STEPS_KEY in config) {
      const { [OUTLET_STEPS_KEY]: steps, ...rest } = config;
      config = rest;
      const parsedSteps = processorStepsSchema.safeParse(steps);
      if (!parsedSteps.success) {
        problems.push(...toProblems(node.id, parsedSteps.error.issues, [OUTLET_STEPS_KEY]));
      } else if (parsedSteps.data.length > 0) {
        problems.push(...stepListProblems(node.id, parsedSteps.data, lookup, 'processors'));
        outletSteps.set(node.id, parsedSteps.data);
      }
    }

    const parsed = definition.config.safeParse(config);
    if (parsed.success) nodeConfigs.set(node.id, parsed.data);
    else problems.push(...toProblems(node.id, parsed.error.issues));
  }

  return { problems, linkConfigs, nodeConfigs, outletSteps };
}

/** Finds processor and grouper types of a registry, for validateProcessorSteps and buildProcessors. */
export function stepLookup(registry: NodeTypeRegistry): StepLookup {
  return { get: (type) => registry.getStep(type) };
}

/** Problems of one step list, on fields such as `processors.0.expression`. */
function stepListProblems(
  nodeId: string,
  steps: readonly ProcessorStepConfig[],
  lookup: StepLookup,
  list: StepList,
): FlowProblem[] {
  return validateProcessorSteps(steps, lookup, list).map((problem) => ({
    nodeId,
    field: `${list}.${problem.index}.${problem.field}`,
    message: `${list === 'processors' ? 'Processor' : 'Grouper'} ${problem.index + 1}: ${problem.message}`,
  }));
}

/**
 * Problems of a link config. A bad schedule fails both branches of the schedule union, which zod
 * reports as one vague issue on `schedule`. The branch the user meant (cron or interval) is parsed
 * again, so the problem names `schedule.cron` or `schedule.timezone` and gives the reason.
 */
function linkConfigProblems(nodeId: string, config: Record<string, unknown>, issues: ZodIssueLike[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const issue of issues) {
    const schedule = config.schedule;
    if (issue.code === 'invalid_union' && issue.path.length === 1 && issue.path[0] === 'schedule' && isObject(schedule)) {
      const branch = 'cron' in schedule ? cronScheduleSchema : intervalScheduleSchema;
      const parsed = branch.safeParse(schedule);
      if (!parsed.success) {
        problems.push(...toProblems(nodeId, parsed.error.issues, ['schedule']));
        continue;
      }
    }
    problems.push(...toProblems(nodeId, [issue]));
  }
  return problems;
}

interface ZodIssueLike {
  code?: string;
  path: PropertyKey[];
  message: string;
}

function toProblems(nodeId: string, issues: ZodIssueLike[], prefix: string[] = []): FlowProblem[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    const field = path.join('.');
    // zod words a missing required key as a type error ("expected string, received undefined").
    const isMissing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    const message = isMissing && field ? `Missing required option "${field}": set it in the inspector.` : issue.message;
    const problem: FlowProblem = { nodeId, message };
    if (path.length > 0) problem.field = field;
    return problem;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
