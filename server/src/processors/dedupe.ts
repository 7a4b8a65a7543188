import { z } from 'zod';
import type { DataRecord } from '../engine/record.js';
import { defineProcessor, nameFunction, type ProcessorContext } from './define-processor.js';
import { describePayload, ProcessorError, ProcessorErrorCode } from './errors.js';
import { compileExpression, type CompiledExpression } from './expression.js';
import { processorStateKey } from './state-store.js';

export const dedupeConfigSchema = z.object({
  key: z
    .string()
    .min(1)
    .describe('JSONata expression on { payload, metadata } giving the key of a record; a dot path such as payload.id is one.'),
  window: z
    .number()
    .int()
    .min(1)
    .default(1000)
    .describe('Number of most recent records, across transfers, whose keys are remembered.'),
});

/**
 * Drops records whose key was seen among the last `window` records, in this transfer or earlier
 * ones. Every record counts as seen, the dropped ones too, so a key that keeps coming stays
 * remembered. Keys compare by their JSON text, so `1` and `"1"` differ.
 */
export const dedupeProcessor = defineProcessor({
  type: 'dedupe',
  label: 'Dedupe',
  category: 'Processors',
  description: 'Drops records whose key was seen among the last records, across transfers.',
  config: dedupeConfigSchema,
  expressionFields: ['key'],
  create(config, context) {
    const key = compileExpression(config.key, { type: 'dedupe', field: 'key' });
    const window = new KeyWindow(config.window);
    const store = context.stateStore;
    const stateKey = processorStateKey(context);

    // Loaded at the first transfer, not here: a redeploy creates the new step while the old one
    // still runs, and the old one's last keys are saved only when it stops.
    let restored = false;
    const restore = () => {
      restored = true;
      const stored = store?.load(stateKey);
      if (Array.isArray(stored)) window.restore(stored.filter((item): item is string => typeof item === 'string'));
    };

    const process = async (records: DataRecord[]): Promise<DataRecord[]> => {
      if (!restored) restore();
      const kept: DataRecord[] = [];
      for (const record of records) {
        const text = await keyText(key, record, config.key);
        if (!window.has(text)) kept.push(record);
        window.add(text);
      }

      store?.save(stateKey, window.toJSON());
      logDropped(context, records.length - kept.length);
      return kept;
    };
    return { process: nameFunction(process, 'dedupe') };
  },
});

async function keyText(key: CompiledExpression, record: DataRecord, source: string): Promise<string> {
  const value = await key.evaluate(record);
  if (value === undefined) {
    throw new ProcessorError(
      ProcessorErrorCode.invalidResult,
      `dedupe: key ${JSON.stringify(source)} returned nothing for the record with payload ${describePayload(record.payload)}. ` +
        'Point the key at a field every record has, or filter such records out first.',
    );
  }
  return JSON.stringify(value);
}

function logDropped(context: ProcessorContext, dropped: number): void {
  if (dropped > 0) context.logger.debug({ step: context.stepIndex, dropped }, 'dedupe dropped records');
}

/** The keys of the last `size` records, oldest first, with a count per key for quick lookups. */
class KeyWindow {
  private readonly keys: string[] = [];
  private readonly counts = new Map<string, number>();
  private start = 0;

  constructor(private readonly size: number) {}

  has(key: string): boolean {
    return this.counts.has(key);
  }

  add(key: string): void {
    this.keys.push(key);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.keys.length - this.start > this.size) this.evictOldest();
  }

  restore(keys: string[]): void {
    for (const key of keys.slice(-this.size)) this.add(key);
  }

  toJSON(): string[] {
    return this.keys.slice(this.start);
  }

  private evictOldest(): void {
    const oldest = this.keys[this.start]!;
    this.start += 1;

    const count = this.counts.get(oldest)! - 1;
    if (count === 0) this.counts.delete(oldest);
    else this.counts.set(oldest, count);

    // Compact now and then instead of shifting the array on every eviction.
    if (this.start > this.size) {
      this.keys.splice(0, this.start);
      this.start = 0;
    }
  }
}
