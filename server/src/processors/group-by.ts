import { z } from 'zod';
import type { DataRecord } from '../engine/record.js';
import { defineGrouper, nameFunction } from './define-processor.js';
import { compileExpression } from './expression.js';

export const groupByConfigSchema = z.object({
  key: z
    .string()
    .min(1)
    .describe('JSONata expression on { payload, metadata } giving the group of a record; a dot path such as payload.weather is one.'),
});

/**
 * Splits each batch into one batch per distinct key value, in the order the values first appear.
 * Values compare by their JSON text; records whose key gives nothing form one batch of their own.
 */
export const groupByGrouper = defineGrouper({
  type: 'group-by',
  label: 'Group by',
  category: 'Groupers',
  description: 'Makes one batch per distinct value of a key, in first-seen order; the outlets receive each batch on its own.',
  config: groupByConfigSchema,
  expressionFields: ['key'],
  create(config) {
    const key = compileExpression(config.key, { type: 'group-by', field: 'key' });

    const group = async (batches: DataRecord[][]): Promise<DataRecord[][]> => {
      const result: DataRecord[][] = [];
      for (const batch of batches) {
        const groups = new Map<string, DataRecord[]>();
        for (const record of batch) {
          const value = await key.evaluate(record);
          const text = value === undefined ? 'undefined' : JSON.stringify(value);
          const members = groups.get(text);
          if (members) members.push(record);
          else groups.set(text, [record]);
        }
        result.push(...groups.values());
      }
      return result;
    };
    return { group: nameFunction(group, 'group-by') };
  },
});
