import type { FlowProblem } from '@databay-studio/shared';

/** Node-level fields of a problem, which the inspector shows above the form instead of under a config field. */
const NODE_FIELDS = new Set(['type', 'kind', 'id', 'label']);

/**
 * Splits a node's deploy problems into errors by config field path and errors about the node as a whole.
 * A field may be given as `interval`, `config.interval` or `config/interval`; all mean the same path.
 */
export function splitProblems(problems: readonly FlowProblem[]): { byPath: Record<string, string[]>; general: string[] } {
  const byPath: Record<string, string[]> = {};
  const general: string[] = [];

  for (const problem of problems) {
    const path = problem.field
      ?.replace(/^\/+/, '')
      .replace(/\//g, '.')
      .replace(/^config\./, '');
    if (!path || NODE_FIELDS.has(path) || path === 'config') {
      general.push(problem.message);
      continue;
    }
    (byPath[path] ??= []).push(problem.message);
  }
  return { byPath, general };
}
