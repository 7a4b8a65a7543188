import { describe, expect, it } from 'vitest';
import { linkConfigSchema } from './link-config.js';

describe('linkConfigSchema streamBatches', () => {
  it('defaults to off', () => {
    expect(linkConfigSchema.parse({}).streamBatches).toBe(false);
  });

  it('accepts processors', () => {
    const config = { streamBatches: true, processors: [{ type: 'filter', config: { expression: 'true' } }] };

    expect(linkConfigSchema.safeParse(config).success).toBe(true);
  });

  it('rejects groupers, naming the field', () => {
    const result = linkConfigSchema.safeParse({ streamBatches: true, groupers: [{ type: 'batch', config: { size: 10 } }] });

    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((candidate) => candidate.path.join('.') === 'streamBatches');
    expect(issue?.message).toMatch(/cannot be used with groupers/);
  });
});
