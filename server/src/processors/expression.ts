import jsonata from 'jsonata';
import type { DataRecord } from '../engine/record.js';
import { describePayload, ProcessorError, ProcessorErrorCode } from './errors.js';

/** Step type and config field of an expression, so that its errors name them. */
export interface ExpressionSite {
  /** Type id of the step, e.g. `filter`. */
  type: string;
  /** Config key that contains the expression, e.g. `expression`. */
  field: string;
}

/** Fields of the errors jsonata 2.x throws; they are plain objects, not Error instances. */
interface JsonataFailure {
  code?: string;
  position?: number;
  token?: string;
  message?: string;
}

/**
 * A JSONata expression compiled once per deploy. It evaluates against `{ payload, metadata }` of a
 * record, so `payload.temp_max > 20` and `metadata.source = "usgs"` both work.
 */
export interface CompiledExpression {
  readonly source: string;
  /** Evaluates the expression on one record; a failure throws a ProcessorError naming the record. */
  evaluate(record: DataRecord): Promise<unknown>;
}

/**
 * Describes a jsonata failure in one line: its message, code, position and token, e.g.
 * `Expected "]", got "(end)" (code S0203, position 10, token "(end)")`.
 */
export function describeJsonataFailure(failure: unknown): string {
  const { code, position, token, message } = (failure ?? {}) as JsonataFailure;
  const details = [
    code === undefined ? undefined : `code ${code}`,
    position === undefined ? undefined : `position ${position}`,
    token === undefined ? undefined : `token ${JSON.stringify(token)}`,
  ].filter(Boolean);

  const text = message ?? String(failure);
  return details.length > 0 ? `${text} (${details.join(', ')})` : text;
}

/**
 * Returns why an expression does not parse, with jsonata's code, position and token, or
 * undefined when it parses.
 */
export function findExpressionSyntaxError(source: string): string | undefined {
  if (typeof source !== 'string' || source.trim() === '') return 'The expression is empty: write a JSONata expression.';
  try {
    jsonata(source);
    return undefined;
  } catch (failure) {
    return describeJsonataFailure(failure);
  }
}

/**
 * Time limit of one evaluation, on one record. JSONata runs tail calls in a loop, so a recursion
 * that never ends would otherwise hold the transfer forever. jsonata raises D1012 past the limit.
 */
export const EXPRESSION_TIMEOUT_MS = 5000;

export interface CompileOptions {
  /** Time limit of one evaluation in milliseconds. Defaults to EXPRESSION_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** Compiles an expression; a syntax error throws a ProcessorError naming the step, field and position. */
export function compileExpression(source: string, site: ExpressionSite, options: CompileOptions = {}): CompiledExpression {
  const syntaxError = findExpressionSyntaxError(source);
  if (syntaxError !== undefined) {
    throw new ProcessorError(
      ProcessorErrorCode.invalidExpression,
      `${site.type}: invalid JSONata in "${site.field}": ${JSON.stringify(source)}: ${syntaxError}.`,
    );
  }

  const expression = jsonata(source, { timeout: options.timeoutMs ?? EXPRESSION_TIMEOUT_MS });
  return {
    source,
    async evaluate(record) {
      try {
        return toPlainValue(await expression.evaluate({ payload: record.payload, metadata: record.metadata }));
      } catch (failure) {
        throw new ProcessorError(
          ProcessorErrorCode.expressionFailed,
          `${site.type}: "${site.field}" expression ${JSON.stringify(source)} failed on the record with payload ` +
            `${describePayload(record.payload)}: ${describeJsonataFailure(failure)}.`,
          { cause: failure },
        );
      }
    },
  };
}

/**
 * Copies arrays and plain objects of a result, so that the `sequence` and `keepSingleton` flags
 * jsonata 2.x sets on the arrays it builds do not reach outlets that list an array's keys.
 * Other objects, such as Date, Buffer or a BSON ObjectId, are kept as they are.
 */
function toPlainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value === null || typeof value !== 'object') return value;

  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;

  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = toPlainValue(item);
  return copy;
}
