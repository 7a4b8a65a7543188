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
    const path = problem.field === undefined ? undefined : stepFormPath(configFieldPath(problem.field));
    if (!path || NODE_FIELDS.has(path) || path === 'config') {
      general.push(problem.message);
      continue;
    }
    (byPath[path] ??= []).push(problem.message);
  }
  return { byPath, general };
}

/**
 * Returns the form path of a step's config field. Deploy names a field of a step's config without
 * the `config` level, e.g. `processors.0.expression`, where the step form edits
 * `processors.0.config.expression`. Other paths come back unchanged.
 */
export function stepFormPath(path: string): string {
  const match = /^(processors|groupers)\.(\d+)\.(.+)$/.exec(path);
  if (!match) return path;

  const [, list, index, rest] = match;
  if (rest === 'type' || rest === 'config' || rest.startsWith('config.')) return path;
  return `${list}.${index}.config.${rest}`;
}
