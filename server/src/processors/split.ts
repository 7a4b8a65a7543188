import { z } from 'zod';
import { DataRecord } from '../engine/record.js';
import { defineProcessor, nameFunction } from './define-processor.js';
import { valueAtPath } from './dot-path.js';
import { describePayload, ProcessorError, ProcessorErrorCode } from './errors.js';

export const splitConfigSchema = z.object({
  path: z
    .string()
    .default('')
    .describe('Dot path of an array in the payload, e.g. "features"; empty when the payload is the array.'),
});

/** Turns each record into one record per element of an array in its payload; metadata is copied to each. */
export const splitProcessor = defineProcessor({
  type: 'split',
  label: 'Split',
  category: 'Processors',
  description: 'Makes one record per element of an array at a dot path in the payload, each with a copy of the metadata.',
  config: splitConfigSchema,
  create(config) {
    const process = (records: DataRecord[]): DataRecord[] => {
      const parts: DataRecord[] = [];
      for (const record of records) {
        const elements = valueAtPath(record.payload, config.path);
        if (!Array.isArray(elements)) {
          const where = config.path === '' ? 'The payload' : `The value at "${config.path}"`;
          throw new ProcessorError(
            ProcessorErrorCode.invalidResult,
            `split: ${where} is ${describePayload(elements, 100)}, not an array, in the record with payload ` +
              `${describePayload(record.payload)}. Set "path" to the dot path of an array.`,
          );
        }
        for (const element of elements) parts.push(new DataRecord(element, { ...record.metadata }));
      }
      return parts;
    };
    return { process: nameFunction(process, 'split') };
  },
});
