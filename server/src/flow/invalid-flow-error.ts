import type { NodeTypeProblem } from '@databay-studio/shared';

/**
 * One reason a flow document cannot become links. `nodeId` is unset for a problem of the
 * document itself, such as a missing `name`. `field` is the config key, or the key of the node
 * or document, that the problem is about.
 */
export interface FlowDocumentProblem {
  nodeId?: string;
  field?: string;
  message: string;
}

/** Error that `linksFromFlow` throws for an invalid flow document, with every problem it found. */
export class InvalidFlowError extends Error {
  constructor(
    /**
     * The flow's id, derived from its name when the document has no id. Unset when the document
     * failed the flow schema and has no id.
     */
    readonly flowId: string | undefined,
    readonly problems: FlowDocumentProblem[],
    /** Plugin problems of the registry, listed in the message when a node type is unknown. */
    readonly pluginProblems: NodeTypeProblem[] = [],
  ) {
    super(formatMessage(flowId, problems, pluginProblems));
    this.name = 'InvalidFlowError';
  }
}

function formatMessage(flowId: string | undefined, problems: FlowDocumentProblem[], pluginProblems: NodeTypeProblem[]): string {
  const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
  const lines = [
    `Flow ${flowId === undefined ? 'document' : `"${flowId}"`} is invalid (${count}). ` +
      'Fix each one in the studio or in the flow JSON, then build the links again:',
    ...problems.map((problem) => `- ${describePlace(problem)}: ${problem.message}`),
  ];

  const unknownType = problems.some((problem) => problem.field === 'type' && problem.message.startsWith('Unknown node type'));
  if (unknownType && pluginProblems.length > 0) {
    lines.push('Plugins that failed to load into the registry:');
    lines.push(...pluginProblems.map((problem) => `- ${problem.source}: ${problem.message}`));
  }
  return lines.join('\n');
}

function describePlace(problem: FlowDocumentProblem): string {
  const field = problem.field === undefined ? '' : `field "${problem.field}"`;
  if (problem.nodeId === undefined) return field === '' ? 'flow' : `flow ${field}`;
  return field === '' ? `node "${problem.nodeId}"` : `node "${problem.nodeId}", ${field}`;
}
