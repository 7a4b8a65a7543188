import { z } from 'zod';
import { DataRecord } from '../engine/record.js';
import { defineProcessor, nameFunction } from './define-processor.js';
import { compileExpression } from './expression.js';

export const setMetadataConfigSchema = z.object({
  key: z.string().min(1).describe('Metadata key to set, e.g. "file" for an outlet that writes one file per value.'),
  expression: z
    .string()
    .min(1)
    .describe('JSONata expression on { payload, metadata } giving the value, e.g. payload.weather & ".csv".'),
});

/**
 * Sets one metadata key of each record from a JSONata expression, e.g. to route records to a
 * file or collection per value. A result of nothing removes the key.
 */
export const setMetadataProcessor = defineProcessor({
  type: 'set-metadata',
  label: 'Set metadata',
  category: 'Processors',
  description: 'Sets a metadata key of each record from a JSONata expression, e.g. to route records to a file per value.',
  config: setMetadataConfigSchema,
  expressionFields: ['expression'],
  create(config) {
    const expression = compileExpression(config.expression, { type: 'set-metadata', field: 'expression' });

    const process = async (records: DataRecord[]): Promise<DataRecord[]> => {
      const updated: DataRecord[] = [];
      for (const record of records) {
        const value = await expression.evaluate(record);
        const metadata = { ...record.metadata };
        if (value === undefined) delete metadata[config.key];
        else metadata[config.key] = value;
        updated.push(new DataRecord(record.payload, metadata));
      }
      return updated;
    };
    return { process: nameFunction(process, 'set-metadata') };
  },
});
