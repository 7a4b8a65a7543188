import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchema } from '@databay-studio/shared';
import { scalarError } from './scalar-fields';
import { enumOptions, fieldKindOf, isRequired, isSecretSchema, propertySchema } from './json-schema';
import { arrayLengthError, fillDefaults, initialItemValue, numberRangeError } from './values';

// The JSON Schema of a node type's config, made the way the server's registry makes it.
const config = z.object({
  url: z.string().url().describe('Address to read.'),
  count: z.number().int().min(1).max(5).default(2).describe('Records per transfer.'),
  ratio: z.number().positive().lt(1).optional(),
  verbose: z.boolean().default(false),
  mode: z.enum(['append', 'overwrite']).default('append'),
  tags: z.array(z.string().min(1)).min(1).max(3).default(['a']),
  ports: z.array(z.number().int().min(1).max(65535)).default([]),
  target: z.object({ host: z.string().default('localhost'), port: z.number().int().default(80) }).default({ host: 'localhost', port: 80 }),
  token: z.string().default('').meta({ secret: true }),
  note: z.string().nullable().default(null),
});
const schema = z.toJSONSchema(config, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const property = (name: string) => propertySchema(schema, name, schema);

describe('zod config schemas', () => {
  it('pick an editor per kind', () => {
    expect(fieldKindOf(property('url'))).toBe('string');
    expect(fieldKindOf(property('count'))).toBe('integer');
    expect(fieldKindOf(property('ratio'))).toBe('number');
    expect(fieldKindOf(property('verbose'))).toBe('boolean');
    expect(fieldKindOf(property('mode'))).toBe('enum');
    expect(fieldKindOf(property('tags'))).toBe('array');
    expect(fieldKindOf(property('target'))).toBe('object');
    expect(fieldKindOf(property('token'))).toBe('string');
    expect(fieldKindOf(property('note'))).toBe('string');
  });

  it('keep descriptions, defaults and options', () => {
    expect(property('url').description).toBe('Address to read.');
    expect(property('count').default).toBe(2);
    expect(enumOptions(property('mode'))).toEqual(['append', 'overwrite']);
    expect(fillDefaults(schema, {}, schema)).toEqual({
      count: 2,
      verbose: false,
      mode: 'append',
      tags: ['a'],
      ports: [],
      target: { host: 'localhost', port: 80 },
      token: '',
      note: null,
    });
  });

  it('mark only the secret field', () => {
    expect(isSecretSchema(property('token'))).toBe(true);
    expect(isSecretSchema(property('url'))).toBe(false);
  });

  it('check number bounds', () => {
    expect(numberRangeError(property('count'), 9)).toBe('Must be at most 5.');
    expect(numberRangeError(property('count'), 0)).toBe('Must be at least 1.');
    expect(numberRangeError(property('count'), 3)).toBeNull();
    expect(numberRangeError(property('ratio'), 0)).toBe('Must be more than 0.');
    expect(numberRangeError(property('ratio'), 1)).toBe('Must be less than 1.');
  });

  it('check list items and length', () => {
    const tags = property('tags');
    const ports = property('ports');
    expect(arrayLengthError(tags, [])).toBe('Add at least 1 item.');
    expect(arrayLengthError(tags, ['a', 'b', 'c', 'd'])).toBe('Keep at most 3 items.');
    expect(arrayLengthError(tags, ['a'])).toBeNull();
    expect(scalarError(tags.items as JsonSchema, 'x', false)).toBeNull();
    expect(scalarError(ports.items as JsonSchema, 70000, false)).toBe('Must be at most 65535.');
    expect(initialItemValue(ports.items as JsonSchema)).toBe(1);
  });

  it('require only fields without default', () => {
    expect(isRequired(schema, 'url')).toBe(true);
    expect(scalarError(property('url'), undefined, true)).toBe('Required.');
    expect(scalarError(property('count'), undefined, isRequired(schema, 'count'))).toBeNull();
  });

  it('name the number an empty field needs', () => {
    const batch = z.toJSONSchema(z.object({ size: z.number().int().min(1) }), { io: 'input' }) as JsonSchema;
    const size = propertySchema(batch, 'size', batch);

    expect(isRequired(batch, 'size')).toBe(true);
    expect(scalarError(size, undefined, true, 'Size')).toBe('Enter a whole number of at least 1 for Size.');
    expect(scalarError(size, undefined, false, 'Size')).toBeNull();
  });
});
