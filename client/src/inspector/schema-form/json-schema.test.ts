import { describe, expect, it } from 'vitest';
import { branchLabel, fieldKindOf, isStepListSchema, fieldTitle, isIntervalSchema, isSecretSchema, matchBranch, resolveSchema, unionBranches } from './json-schema';

const intervalSchema = {
  default: { seconds: 5 },
  anyOf: [
    { type: 'number' },
    { type: 'object', properties: { minutes: { type: 'number' }, seconds: { type: 'number' } }, additionalProperties: false },
  ],
};

const tagsSchema = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

describe('fieldKindOf', () => {
  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: 'number' }, 'number'],
    [{ type: 'integer', minimum: 1 }, 'integer'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: 'string', enum: ['GET', 'POST'] }, 'enum'],
    [{ const: 'fixed' }, 'enum'],
    [{ type: 'array', items: { type: 'string' } }, 'array'],
    [{ type: 'object', properties: { a: { type: 'string' } } }, 'object'],
    [{ type: 'object', additionalProperties: { type: 'string' } }, 'record'],
    [{ anyOf: [{ type: 'string' }, { type: 'null' }] }, 'string'],
    [{ type: ['integer', 'null'] }, 'integer'],
    [tagsSchema, 'union'],
    [intervalSchema, 'interval'],
    [{}, 'json'],
  ])('classifies %j as %s', (schema, kind) => {
    expect(fieldKindOf(schema)).toBe(kind);
  });
});

describe('isIntervalSchema', () => {
  it('rejects a union whose object has other keys', () => {
    const schema = { anyOf: [{ type: 'number' }, { type: 'object', properties: { weeks: { type: 'number' } } }] };

    expect(isIntervalSchema(schema)).toBe(false);
    expect(isIntervalSchema(intervalSchema)).toBe(true);
  });
});

describe('unions', () => {
  it('labels branches by type', () => {
    const branches = unionBranches(tagsSchema);

    expect(branches.map(branchLabel)).toEqual(['string', 'list of strings']);
  });

  it('picks the branch that fits the value', () => {
    const branches = unionBranches(tagsSchema);

    expect(matchBranch(branches, 'quakes')).toBe(0);
    expect(matchBranch(branches, ['quakes'])).toBe(1);
    expect(matchBranch(branches, 42)).toBe(0);
  });
});

describe('resolveSchema', () => {
  it('follows a local $ref and keeps sibling keywords', () => {
    const root = { $defs: { Point: { type: 'object', properties: { x: { type: 'number' } } } } };

    const resolved = resolveSchema({ $ref: '#/$defs/Point', description: 'Where' }, root);

    expect(resolved.type).toBe('object');
    expect(resolved.description).toBe('Where');
  });

  it('leaves an unknown $ref as it is', () => {
    const schema = { $ref: '#/$defs/Missing' };

    expect(resolveSchema(schema, {})).toBe(schema);
  });
});

describe('isSecretSchema', () => {
  it('reads the secret flag, also inside a nullable union', () => {
    expect(isSecretSchema({ type: 'string', secret: true })).toBe(true);
    expect(isSecretSchema({ anyOf: [{ type: 'string', secret: true }, { type: 'null' }] })).toBe(true);
    expect(isSecretSchema({ type: 'string' })).toBe(false);
  });
});

describe('fieldTitle', () => {
  it('splits camel case and prefers the title', () => {
    expect(fieldTitle('ignoreExceptions', {})).toBe('Ignore exceptions');
    expect(fieldTitle('url', {})).toBe('URL');
    expect(fieldTitle('timeoutMs', {})).toBe('Timeout ms');
    expect(fieldTitle('mongoUri', {})).toBe('Mongo URI');
    expect(fieldTitle('api_key', {})).toBe('API key');
    expect(fieldTitle('url', { title: 'Address' })).toBe('Address');
  });
});

describe('isStepListSchema', () => {
  // As zod 4 writes a list of `{ type, config }` steps in JSON Schema.
  const stepsSchema = {
    default: [],
    type: 'array',
    items: {
      type: 'object',
      properties: {
        type: { type: 'string', minLength: 1 },
        config: { default: {}, type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
      },
      required: ['type'],
      additionalProperties: false,
    },
  };

  it('detects a list of steps', () => {
    expect(isStepListSchema(stepsSchema)).toBe(true);
    expect(fieldKindOf(stepsSchema)).toBe('steps');
  });

  it('rejects other lists of objects', () => {
    const rows = { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, name: { type: 'string' } } } };

    expect(isStepListSchema(rows)).toBe(false);
    expect(isStepListSchema({ type: 'array', items: { type: 'string' } })).toBe(false);
  });
});
