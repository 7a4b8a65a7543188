import { z } from 'zod';
import { DataRecord } from '../engine/record.js';
import { defineProcessor, nameFunction } from './define-processor.js';
import { describePayload, ProcessorError, ProcessorErrorCode } from './errors.js';
import { compileExpression } from './expression.js';

export const mapConfigSchema = z.object({
  expression: z
    .string()
    .min(1)
    .describe('JSONata expression on { payload, metadata } whose result becomes the new payload, e.g. { "day": payload.date, "max": payload.temp_max }.'),
});

/** Replaces each record's payload by the result of a JSONata expression; metadata stays. */
export const mapProcessor = defineProcessor({
  type: 'map',
  label: 'Map',
  category: 'Processors',
  description: 'Replaces each payload by the result of a JSONata expression and keeps the metadata.',
  config: mapConfigSchema,
  expressionFields: ['expression'],
  create(config) {
    const expression = compileExpression(config.expression, { type: 'map', field: 'expression' });

    const process = async (records: DataRecord[]): Promise<DataRecord[]> => {
      const mapped: DataRecord[] = [];
      for (const record of records) {
        const payload = await expression.evaluate(record);
        if (payload === undefined) {
          // An outlet cannot write "nothing", and dropping the record would lose it without a word.
          throw new ProcessorError(
            ProcessorErrorCode.invalidResult,
            `map: expression ${JSON.stringify(config.expression)} returned nothing for the record with payload ` +
              `${describePayload(record.payload)}. Give a default, e.g. "payload.name ? payload.name : null", or filter such records out first.`,
          );
        }
        mapped.push(new DataRecord(payload, { ...record.metadata }));
      }
      return mapped;
    };
    return { process: nameFunction(process, 'map') };
  },
});
