import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { linkStepsConfigShape, processorStepSchema, processorStepsSchema } from './processor-config.js';

describe('processorStepsSchema', () => {
  it('accepts steps and defaults their config', () => {
    expect(
      processorStepsSchema.parse([{ type: 'filter', config: { expression: 'payload.wind > 5' } }, { type: 'split' }]),
    ).toEqual([
      { type: 'filter', config: { expression: 'payload.wind > 5' } },
      { type: 'split', config: {} },
    ]);
  });

  it('defaults to no steps', () => {
    expect(processorStepsSchema.parse(undefined)).toEqual([]);
  });

  it('rejects a step without type or with unknown keys', () => {
    expect(processorStepSchema.safeParse({ config: {} }).success).toBe(false);
    expect(processorStepSchema.safeParse({ type: '' }).success).toBe(false);

    const extra = processorStepSchema.safeParse({ type: 'map', expresion: 'payload' });
    expect(extra.success).toBe(false);
    expect(JSON.stringify(extra.error?.issues)).toContain('expresion');
  });
});

describe('linkStepsConfigShape', () => {
  it('defaults both lists to empty', () => {
    const linkSchema = z.object({ ...linkStepsConfigShape });

    expect(linkSchema.parse({})).toEqual({ processors: [], groupers: [] });
    expect(linkSchema.parse({ groupers: [{ type: 'batch', config: { size: 10 } }] }).groupers).toHaveLength(1);
  });
});
