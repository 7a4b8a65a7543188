import type { FlowProblem } from '@databay-studio/shared';
import { configFieldPath } from '../store/field-path';

/** Node-level fields of a problem, which the inspector shows above the form instead of under a config field. */
const NODE_FIELDS = new Set(['type', 'kind', 'id', 'label']);

/**
 * Splits a node's deploy problems into errors by config field path and errors about the node as a whole.
 */
export function splitProblems(problems: readonly FlowProblem[]): { byPath: Record<string, string[]>; general: string[] } {
  const byPath: Record<string, string[]> = {};
  const general: string[] = [];

  for (const problem of problems) {
    const path = problem.field === undefined ? undefined : configFieldPath(problem.field);
    if (!path || NODE_FIELDS.has(path) || path === 'config') {
      general.push(problem.message);
      continue;
    }
    (byPath[path] ??= []).push(problem.message);
  }
  return { byPath, general };
}
