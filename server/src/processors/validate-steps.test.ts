import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildGroupers, buildProcessors } from './build-steps.js';
import { builtinProcessorDefinitions } from './builtin.js';
import { defineProcessor, type StepDefinition } from './define-processor.js';
import { ProcessorErrorCode } from './errors.js';
import { MemoryProcessorStateStore } from './state-store.js';
import type { DataRecord } from '../engine/record.js';
import { asWeather, silentLogger, update, weatherRecords } from './test-support/example-data.js';
import { validateProcessorSteps, type StepLookup } from './validate-steps.js';

function lookupOf(definitions: readonly StepDefinition[]): StepLookup {
  const byType = new Map(definitions.map((definition) => [definition.type, definition]));
  return { get: (type) => byType.get(type) };
}

const builtins = lookupOf(builtinProcessorDefinitions);
const listContext = { flowId: 'flow-v', linkId: 'link-v', nodeId: 'link-v', logger: silentLogger };

describe('validateProcessorSteps', () => {
  it('accepts valid steps', () => {
    const steps = [
      { type: 'filter', config: { expression: 'payload.weather = "rain"' } },
      { type: 'map', config: { expression: '{ "day": payload.date }' } },
      { type: 'split', config: {} },
      { type: 'buffer', config: { countThreshold: 10 } },
    ];

    expect(validateProcessorSteps(steps, builtins)).toEqual([]);
  });

  it('names the step and position of invalid JSONata', () => {
    const steps = [
      { type: 'filter', config: { expression: 'payload.weather = "rain"' } },
      { type: 'filter', config: { expression: 'payload.temp_max >' } },
      { type: 'set-metadata', config: { key: 'file', expression: 'payload.weather & ".csv' } },
    ];

    const problems = validateProcessorSteps(steps, builtins);

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ index: 1, field: 'expression' });
    expect(problems[0]!.message).toContain('Unexpected end of expression (code S0207, position 18, token "(end)")');
    expect(problems[1]).toMatchObject({ index: 2, field: 'expression' });
    expect(problems[1]!.message).toContain('code S0101, position 23');
  });

  it('names an unknown type and a wrong kind', () => {
    const problems = validateProcessorSteps(
      [
        { type: 'no-such-step', config: {} },
        { type: 'batch', config: { size: 10 } },
      ],
      builtins,
    );

    expect(problems).toEqual([
      { index: 0, field: 'type', message: 'Step type "no-such-step" is not registered: pick a processor from the palette.' },
      { index: 1, field: 'type', message: 'Step type "batch" is a grouper, not a processor: pick a processor from the palette.' },
    ]);
  });

  it('names config fields that do not match the schema', () => {
    const problems = validateProcessorSteps(
      [
        { type: 'buffer', config: { mode: 'all' } },
        { type: 'dedupe', config: { key: 'payload.id', window: 0 } },
      ],
      builtins,
    );

    expect(problems.map(({ index, field }) => ({ index, field }))).toEqual([
      { index: 0, field: 'countThreshold' },
      { index: 1, field: 'window' },
    ]);
  });

  it('checks grouper lists', () => {
    expect(validateProcessorSteps([{ type: 'group-by', config: { key: 'payload.(' } }], builtins, 'groupers')).toEqual([
      expect.objectContaining({ index: 0, field: 'key', message: expect.stringContaining('position 9') }),
    ]);
    expect(validateProcessorSteps([{ type: 'filter', config: { expression: 'true' } }], builtins, 'groupers')[0]?.field).toBe('type');
  });

  it('names a missing required option and its type', () => {
    const problems = validateProcessorSteps([{ type: 'batch', config: {} }], builtins, 'groupers');

    expect(problems).toEqual([{ index: 0, field: 'size', message: 'batch: missing required option "size" (a number): set it in the inspector.' }]);
  });

  it('keeps zod wording for a present but wrong value', () => {
    const problems = validateProcessorSteps([{ type: 'batch', config: { size: 0 } }], builtins, 'groupers');

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 0, field: 'size' });
    expect(problems[0]!.message).not.toContain('missing');
  });

  it('checks the expression fields a plugin declares', () => {
    const plugin = defineProcessor({
      type: 'acme.score',
      label: 'Score',
      category: 'Plugins',
      description: 'Adds a score.',
      config: z.object({ scoreExpression: z.string() }),
      expressionFields: ['scoreExpression'],
      create: () => ({ process: (records) => records }),
    });

    const problems = validateProcessorSteps([{ type: 'acme.score', config: { scoreExpression: '1 +' } }], lookupOf([plugin]));

    expect(problems[0]).toMatchObject({ index: 0, field: 'scoreExpression' });
  });
});

describe('buildProcessors', () => {
  it('runs the built steps in order', async () => {
    const processors = await buildProcessors(
      [
        { type: 'filter', config: { expression: 'payload.weather = "snow"' } },
        { type: 'set-metadata', config: { key: 'file', expression: '"snow-" & $substring(payload.date, 0, 4) & ".csv"' } },
      ],
      builtins,
      listContext,
    );

    let output: DataRecord[] = weatherRecords();
    for (const processor of processors) output = await processor.process(output, update());
    const records = asWeather(output);

    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.payload.weather === 'snow')).toBe(true);
    expect(records[0]!.metadata.file).toMatch(/^snow-20\d\d\.csv$/);
    expect(processors.map((processor) => processor.process.name)).toEqual(['filter', 'set-metadata']);
  });

  it('gives each step its own store key', async () => {
    const store = new MemoryProcessorStateStore();
    const processors = await buildProcessors(
      [
        { type: 'buffer', config: { countThreshold: 100 } },
        { type: 'buffer', config: { countThreshold: 100 } },
      ],
      builtins,
      { ...listContext, stateStore: store },
    );

    await processors[0]!.process(weatherRecords().slice(0, 1), update());
    await processors[1]!.process(weatherRecords().slice(0, 1), update());

    expect(store.keys('flow-v/')).toEqual(['flow-v/link-v/link-v/processors/0', 'flow-v/link-v/link-v/processors/1']);
  });

  it('throws every problem of the list at once', async () => {
    const error = (await buildProcessors(
      [
        { type: 'filter', config: { expression: '(' } },
        { type: 'nope' },
      ],
      builtins,
      listContext,
    ).catch((caught: unknown) => caught)) as Error;

    expect(error).toMatchObject({ code: ProcessorErrorCode.invalidConfig });
    expect(error.message).toContain('processors[0].expression: filter: invalid JSONata');
    expect(error.message).toContain('processors[1].type: Step type "nope" is not registered');
  });

  it('builds groupers', async () => {
    const groupers = await buildGroupers([{ type: 'batch', config: { size: 1000 } }], builtins, listContext);

    const batches = await groupers[0]!.group([weatherRecords()], update());

    expect(batches.map((batch) => batch.length)).toEqual([1000, 461]);
    expect(groupers[0]!.group.name).toBe('batch');
  });
});
