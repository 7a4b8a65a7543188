import { describe, expect, it } from 'vitest';
import {
  arrayLengthError,
  coerceNumberInput,
  emptyNumberMessage,
  fillDefaults,
  initialItemValue,
  initialValue,
  missingRequired,
  numberRangeError,
  parseJsonInput,
  stringError,
  withProperty,
} from './values';

describe('coerceNumberInput', () => {
  it('reads numbers and clears on empty text', () => {
    expect(coerceNumberInput('42', false)).toEqual({ value: 42 });
    expect(coerceNumberInput(' 2.5 ', false)).toEqual({ value: 2.5 });
    expect(coerceNumberInput('', true)).toEqual({ value: undefined });
  });

  it('rejects text and fractions for integers', () => {
    expect(coerceNumberInput('abc', false).error).toMatch(/"abc" is not a number/);
    expect(coerceNumberInput('2.5', true).error).toMatch(/not a whole number/);
  });
});

describe('numberRangeError', () => {
  it('checks the minimum and maximum', () => {
    const schema = { type: 'integer', minimum: 1, maximum: 10 };

    expect(numberRangeError(schema, 0)).toBe('Must be at least 1.');
    expect(numberRangeError(schema, 11)).toBe('Must be at most 10.');
    expect(numberRangeError(schema, 5)).toBeNull();
  });

  it('ignores the safe-integer maximum zod adds to every integer', () => {
    expect(numberRangeError({ type: 'integer', maximum: Number.MAX_SAFE_INTEGER }, 10 ** 12)).toBeNull();
  });

  it('checks exclusive bounds', () => {
    expect(numberRangeError({ exclusiveMinimum: 0 }, 0)).toBe('Must be more than 0.');
  });
});

describe('emptyNumberMessage', () => {
  it('names the field and the kind of number', () => {
    expect(emptyNumberMessage({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }, 'Size')).toBe('Enter a whole number of at least 1 for Size.');
    expect(emptyNumberMessage({ type: 'number' }, 'Timeout')).toBe('Enter a number for Timeout.');
    expect(emptyNumberMessage({ type: 'number' })).toBe('Enter a number.');
  });

  it('words both bounds', () => {
    expect(emptyNumberMessage({ type: 'integer', minimum: 1, maximum: 5 }, 'Count')).toBe('Enter a whole number from 1 to 5 for Count.');
    expect(emptyNumberMessage({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, 'Ratio')).toBe('Enter a number more than 0 and less than 1 for Ratio.');
    expect(emptyNumberMessage({ type: 'number', maximum: 100 }, 'Percent')).toBe('Enter a number of at most 100 for Percent.');
  });

  it('ignores the safe-integer range zod adds to every integer', () => {
    const schema = { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

    expect(emptyNumberMessage(schema, 'Offset')).toBe('Enter a whole number for Offset.');
  });

  it('reads through a nullable union', () => {
    expect(emptyNumberMessage({ anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] }, 'Limit')).toBe('Enter a whole number of at least 0 for Limit.');
  });
});

describe('stringError', () => {
  it('checks length and pattern', () => {
    expect(stringError({ minLength: 1 }, '')).toBe('Must not be empty.');
    expect(stringError({ maxLength: 3 }, 'abcd')).toBe('Must be at most 3 characters.');
    expect(stringError({ pattern: '^https?://' }, 'ftp://x')).toMatch(/pattern/);
    expect(stringError({ pattern: '^https?://' }, 'https://x')).toBeNull();
  });
});

describe('fillDefaults', () => {
  const schema = {
    type: 'object',
    properties: {
      method: { type: 'string', default: 'GET' },
      url: { type: 'string' },
      retry: {
        type: 'object',
        properties: { attempts: { type: 'integer', default: 3 }, delayMs: { type: 'number', default: 500 } },
        default: { attempts: 3 },
      },
    },
  };

  it('fills missing properties and nested objects', () => {
    const value = { url: 'http://127.0.0.1', retry: { attempts: 5 } };

    const filled = fillDefaults(schema, value);

    expect(filled).toEqual({ method: 'GET', url: 'http://127.0.0.1', retry: { attempts: 5, delayMs: 500 } });
    expect(value).toEqual({ url: 'http://127.0.0.1', retry: { attempts: 5 } });
  });

  it('copies object defaults instead of sharing them', () => {
    const filled = fillDefaults(schema, {});

    expect(filled.retry).toEqual({ attempts: 3, delayMs: 500 });
    expect(filled.retry).not.toBe(schema.properties.retry.default);
  });
});

describe('missingRequired', () => {
  const schema = {
    type: 'object',
    required: ['url', 'auth', 'method'],
    properties: {
      url: { type: 'string' },
      method: { type: 'string', default: 'GET' },
      auth: { type: 'object', required: ['user'], properties: { user: { type: 'string' } } },
    },
  };

  it('lists empty required properties by dotted path', () => {
    expect(missingRequired(schema, { url: '', auth: {} })).toEqual(['url', 'auth.user']);
  });

  it('lists a missing nested object once', () => {
    expect(missingRequired(schema, { url: 'http://127.0.0.1' })).toEqual(['auth']);
  });

  it('returns nothing when all is filled', () => {
    expect(missingRequired(schema, { url: 'x', auth: { user: 'me' } })).toEqual([]);
  });
});

describe('initialValue', () => {
  it('starts from the default, else an empty value of the type', () => {
    expect(initialValue({ type: 'string', default: 'x' })).toBe('x');
    expect(initialValue({ type: 'string' })).toBe('');
    expect(initialValue({ type: 'array' })).toEqual([]);
    expect(initialValue({ type: 'string', enum: ['a', 'b'] })).toBe('a');
    expect(initialValue({ type: 'object', properties: { n: { type: 'number', default: 1 } } })).toEqual({ n: 1 });
    expect(initialValue({ type: 'number' })).toBeUndefined();
  });
});

describe('initialItemValue', () => {
  it('starts numbers at the minimum, else 0', () => {
    expect(initialItemValue({ type: 'integer', minimum: 3 })).toBe(3);
    expect(initialItemValue({ type: 'integer', exclusiveMinimum: 0 })).toBe(1);
    expect(initialItemValue({ type: 'number' })).toBe(0);
    expect(initialItemValue({ type: 'number', default: 7 })).toBe(7);
    expect(initialItemValue({ type: 'string' })).toBe('');
  });
});

describe('arrayLengthError', () => {
  it('checks minItems and maxItems', () => {
    expect(arrayLengthError({ type: 'array', minItems: 2 }, ['a'])).toBe('Add at least 2 items.');
    expect(arrayLengthError({ type: 'array', maxItems: 1 }, ['a', 'b'])).toBe('Keep at most 1 item.');
    expect(arrayLengthError({ type: 'array', minItems: 1, maxItems: 2 }, ['a'])).toBeNull();
  });
});

describe('withProperty', () => {
  it('sets and deletes keys without changing the input', () => {
    const record = { a: 1, b: 2 };

    expect(withProperty(record, 'c', 3)).toEqual({ a: 1, b: 2, c: 3 });
    expect(withProperty(record, 'a', undefined)).toEqual({ b: 2 });
    expect(record).toEqual({ a: 1, b: 2 });
  });
});

describe('parseJsonInput', () => {
  it('parses JSON and reports invalid text', () => {
    expect(parseJsonInput('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseJsonInput('')).toEqual({ value: undefined });
    expect(parseJsonInput('{a').error).toMatch(/^Invalid JSON/);
  });
});
