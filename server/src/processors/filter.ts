import { z } from 'zod';
import type { DataRecord } from '../engine/record.js';
import { defineProcessor, nameFunction } from './define-processor.js';
import { describePayload, ProcessorError, ProcessorErrorCode } from './errors.js';
import { compileExpression } from './expression.js';

export const filterConfigSchema = z.object({
  expression: z
    .string()
    .min(1)
    .describe('JSONata expression on { payload, metadata }; records for which it is true are kept, e.g. payload.temp_max > 20.'),
});

/** Keeps the records for which a JSONata expression is true. */
export const filterProcessor = defineProcessor({
  type: 'filter',
  label: 'Filter',
  category: 'Processors',
  description: 'Keeps the records for which a JSONata expression is true and drops the others.',
  config: filterConfigSchema,
  expressionFields: ['expression'],
  create(config) {
    const expression = compileExpression(config.expression, { type: 'filter', field: 'expression' });

    const process = async (records: DataRecord[]): Promise<DataRecord[]> => {
      const kept: DataRecord[] = [];
      for (const record of records) {
        const result = await expression.evaluate(record);
        if (isKept(result, record, config.expression)) kept.push(record);
      }
      return kept;
    };
    return { process: nameFunction(process, 'filter') };
  },
});

/**
 * Reads a filter result. A missing value (a path that matches nothing) counts as false. Any other
 * value that is not a boolean is an error, so that a typo cannot silently keep or drop everything.
 */
function isKept(result: unknown, record: DataRecord, source: string): boolean {
  if (result === undefined) return false;
  if (typeof result === 'boolean') return result;

  throw new ProcessorError(
    ProcessorErrorCode.invalidResult,
    `filter: expression ${JSON.stringify(source)} returned ${describePayload(result, 100)} instead of true or false ` +
      `for the record with payload ${describePayload(record.payload)}. Compare the value, e.g. "payload.wind > 5", or wrap it in $boolean().`,
  );
}
