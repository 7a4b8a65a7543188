import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { linkConfigSchema, type JsonSchema, type NodeTypeDescriptor } from '@databay-studio/shared';
import { problemFieldLabel, type ProblemNode } from './problem-field-label';

// Node types with JSON Schemas made the way the server's registry makes them.
function nodeType(id: string, kind: NodeTypeDescriptor['kind'], config: z.ZodType): NodeTypeDescriptor {
  const configSchema = z.toJSONSchema(config, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return { id, kind, label: id, category: 'Test', description: '', configSchema, defaults: {}, source: 'test' } as NodeTypeDescriptor;
}

const target = z.object({ host: z.string(), port: z.number().int() });
const nodeTypes: Record<string, NodeTypeDescriptor> = {
  link: nodeType('link', 'link', linkConfigSchema),
  batch: nodeType('batch', 'grouper', z.object({ size: z.number().int().min(1) })),
  filter: nodeType('filter', 'processor', z.object({ expression: z.string().meta({ title: 'JSONata expression' }) })),
  'http-inlet': nodeType(
    'http-inlet',
    'inlet',
    z.object({
      url: z.string(),
      retryAttempts: z.number().optional(),
      primary: target,
      mirrors: z.array(target).default([]),
    }),
  ),
};

const link: ProblemNode = {
  kind: 'link',
  type: 'link',
  config: { processors: [{ type: 'filter', config: {} }], groupers: [{ type: 'batch', config: {} }], streamBatches: true },
};
const inlet: ProblemNode = { kind: 'inlet', type: 'http-inlet', config: { mirrors: [{ host: 'a', port: 1 }] } };

describe('problemFieldLabel', () => {
  it('labels a top-level key by its title', () => {
    expect(problemFieldLabel('streamBatches', link, nodeTypes)).toBe('Stream batches');
    expect(problemFieldLabel('url', inlet, nodeTypes)).toBe('URL');
    expect(problemFieldLabel('retryAttempts', inlet, nodeTypes)).toBe('Retry attempts');
  });

  it('reads every spelling of a config path', () => {
    expect(problemFieldLabel('config.streamBatches', link, nodeTypes)).toBe('Stream batches');
    expect(problemFieldLabel('/config/streamBatches', link, nodeTypes)).toBe('Stream batches');
  });

  it('labels a step field by its list position and type', () => {
    expect(problemFieldLabel('groupers.0.size', link, nodeTypes)).toBe('Grouper 1 › Size');
    expect(problemFieldLabel('groupers.0.config.size', link, nodeTypes)).toBe('Grouper 1 › Size');
    expect(problemFieldLabel('processors.0.expression', link, nodeTypes)).toBe('Processor 1 › JSONata expression');
    expect(problemFieldLabel('processors.0.type', link, nodeTypes)).toBe('Processor 1 › Type');
  });

  it('keeps a step key when its type is unknown', () => {
    expect(problemFieldLabel('processors.3.expression', link, nodeTypes)).toBe('Processor 4 › expression');
  });

  it('uses the schedule editor titles on links', () => {
    expect(problemFieldLabel('schedule.cron', link, nodeTypes)).toBe('Cron expression');
    expect(problemFieldLabel('schedule.timezone', link, nodeTypes)).toBe('Time zone');
    expect(problemFieldLabel('interval', link, nodeTypes)).toBe('Every');
    expect(problemFieldLabel('overlap', link, nodeTypes)).toBe('When a transfer is still running');
  });

  it('labels nested objects and list items', () => {
    expect(problemFieldLabel('primary.port', inlet, nodeTypes)).toBe('Primary › Port');
    expect(problemFieldLabel('mirrors.0.host', inlet, nodeTypes)).toBe('Mirrors › Item 1 › Host');
  });

  it('keeps keys the schema does not describe', () => {
    expect(problemFieldLabel('extra', inlet, nodeTypes)).toBe('extra');
    expect(problemFieldLabel('primary.extra', inlet, nodeTypes)).toBe('Primary › extra');
  });

  it('returns the raw field without a node type', () => {
    expect(problemFieldLabel('streamBatches', undefined, nodeTypes)).toBe('streamBatches');
    expect(problemFieldLabel('size', { kind: 'inlet', type: 'gone', config: {} }, nodeTypes)).toBe('size');
  });
});
