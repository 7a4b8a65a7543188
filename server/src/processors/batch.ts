import { z } from 'zod';
import type { DataRecord } from '../engine/record.js';
import { defineGrouper, nameFunction } from './define-processor.js';

export const batchConfigSchema = z.object({
  size: z.number().int().min(1).describe('Maximum number of records per batch; the last batch may be smaller.'),
});

/** Cuts each batch into batches of at most `size` records, in order; each goes to the outlets on its own. */
export const batchGrouper = defineGrouper({
  type: 'batch',
  label: 'Batch',
  category: 'Groupers',
  description: 'Cuts the records into batches of a fixed size; the outlets receive each batch on its own.',
  config: batchConfigSchema,
  create(config) {
    const group = (batches: DataRecord[][]): DataRecord[][] => {
      const result: DataRecord[][] = [];
      for (const batch of batches) {
        for (let start = 0; start < batch.length; start += config.size) {
          result.push(batch.slice(start, start + config.size));
        }
      }
      return result;
    };
    return { group: nameFunction(group, 'batch') };
  },
});
