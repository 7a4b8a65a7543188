import type { ProcessorStepConfig } from '@databay-studio/shared';
import type { StepDefinition, StepList } from './define-processor.js';
import { findExpressionSyntaxError } from './expression.js';

/** Finds step definitions by type id; the node type registry fits. */
export interface StepLookup {
  get(type: string): { kind: string } | undefined;
}

/** One problem of a step list, for a deploy error on the node and field. */
export interface StepProblem {
  /** Position of the step in its list, from 0. */
  index: number;
  /** `type`, or the config key at fault such as `expression` or `countThreshold`. */
  field: string;
  message: string;
}

const KIND_OF_LIST: Record<StepList, StepDefinition['kind']> = { processors: 'processor', groupers: 'grouper' };

/**
 * Checks a list of processor or grouper steps before a deploy: each type must be registered as
 * the kind the list needs, each config must match its schema, and each JSONata field must parse.
 * Returns every problem found, with jsonata's code, position and token for expressions.
 */
export function validateProcessorSteps(
  steps: readonly ProcessorStepConfig[],
  lookup: StepLookup,
  list: StepList = 'processors',
): StepProblem[] {
  const problems: StepProblem[] = [];

  steps.forEach((step, index) => {
    const definition = lookup.get(step.type);
    const kind = KIND_OF_LIST[list];
    if (!definition || definition.kind !== kind) {
      const found = definition ? ` is a ${definition.kind}, not a ${kind}` : ' is not registered';
      problems.push({ index, field: 'type', message: `Step type "${step.type}"${found}: pick a ${kind} from the palette.` });
      return;
    }

    problems.push(...validateStepConfig(definition as StepDefinition, step.config ?? {}, index));
  });
  return problems;
}

function validateStepConfig(definition: StepDefinition, config: Record<string, unknown>, index: number): StepProblem[] {
  const parsed = definition.config.safeParse(config);
  if (!parsed.success) {
    return parsed.error.issues.map((issue: ConfigIssue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'config';
      return { index, field, message: `${definition.type}: ${configIssueMessage(issue, field)}` };
    });
  }

  const problems: StepProblem[] = [];
  for (const field of definition.expressionFields ?? []) {
    const source = (parsed.data as Record<string, unknown>)[field];
    if (typeof source !== 'string') continue;

    const syntaxError = findExpressionSyntaxError(source);
    if (syntaxError !== undefined) {
      problems.push({
        index,
        field,
        message: `${definition.type}: invalid JSONata in "${field}": ${JSON.stringify(source)}: ${syntaxError}.`,
      });
    }
  }
  return problems;
}

interface ConfigIssue {
  code?: string;
  expected?: string;
  path: PropertyKey[];
  message: string;
}

/**
 * Words a config issue for the deploy problem list. zod reports a missing required key as a type
 * error ("expected number, received undefined"), which becomes the key and the type to enter.
 */
function configIssueMessage(issue: ConfigIssue, field: string): string {
  const isMissing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
  if (!isMissing || field === 'config') return issue.message;

  const expected = issue.expected ? ` (${EXPECTED_WORDS[issue.expected] ?? issue.expected})` : '';
  return `missing required option "${field}"${expected}: set it in the inspector.`;
}

/** zod's names of expected types, as the message to the user words them. */
const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};
