import { type JsonSchema } from '@databay-studio/shared';
import { enumOptions, fieldKindOf, isRequired, propertyNames, propertySchema, unionBranches, unwrapNullable } from './json-schema';

/** Result of reading a number input: the value to store (undefined for an empty input) or an error. */
export type NumberInputResult = { value: number | undefined; error?: undefined } | { value?: undefined; error: string };

/** Reads the text of a number input; an empty text clears the value. */
export function coerceNumberInput(text: string, isInteger: boolean): NumberInputResult {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };

  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: `"${trimmed}" is not a number.` };
  if (isInteger && !Number.isInteger(value)) return { error: `"${trimmed}" is not a whole number.` };
  return { value };
}

/** Returns why `value` breaks the schema's minimum or maximum, or null. */
export function numberRangeError(schema: JsonSchema, value: number): string | null {
  const plain = unwrapNullable(schema);
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = plain as Record<string, number | undefined>;

  if (typeof minimum === 'number' && value < minimum) return `Must be at least ${minimum}.`;
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) return `Must be more than ${exclusiveMinimum}.`;
  if (typeof maximum === 'number' && value > maximum && maximum < Number.MAX_SAFE_INTEGER) return `Must be at most ${maximum}.`;
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) return `Must be less than ${exclusiveMaximum}.`;
  return null;
}

/**
 * Returns the message for a required number field that is still empty: what to enter and, when
 * given, the field's title, e.g. "Enter a whole number of at least 1 for Size."
 */
export function emptyNumberMessage(schema: JsonSchema, title?: string): string {
  const plain = unwrapNullable(schema);
  const kind = fieldKindOf(plain) === 'integer' ? 'a whole number' : 'a number';
  const range = describeNumberRange(plain);
  const target = title ? ` for ${title}` : '';
  return `Enter ${kind}${range ? ` ${range}` : ''}${target}.`;
}

/** Describes a number schema's bounds in words, such as "from 1 to 5", or returns "" when it has none. */
function describeNumberRange(schema: JsonSchema): string {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<string, number | undefined>;
  // zod gives every integer the safe-integer range, which is no advice to a user.
  const isBound = (bound: number | undefined): bound is number => typeof bound === 'number' && Math.abs(bound) < Number.MAX_SAFE_INTEGER;

  const lower = isBound(minimum) ? `at least ${minimum}` : isBound(exclusiveMinimum) ? `more than ${exclusiveMinimum}` : '';
  const upper = isBound(maximum) ? `at most ${maximum}` : isBound(exclusiveMaximum) ? `less than ${exclusiveMaximum}` : '';
  if (isBound(minimum) && isBound(maximum)) return `from ${minimum} to ${maximum}`;
  if (lower && upper) return `${lower} and ${upper}`;
  if (lower || upper) return `of ${lower || upper}`;
  return '';
}

/** Returns why a string breaks the schema's length or pattern rules, or null. */
export function stringError(schema: JsonSchema, value: string): string | null {
  const plain = unwrapNullable(schema);
  const { minLength, maxLength, pattern } = plain as { minLength?: number; maxLength?: number; pattern?: string };

  if (typeof minLength === 'number' && value.length < minLength) {
    return minLength === 1 ? 'Must not be empty.' : `Must be at least ${minLength} characters.`;
  }
  if (typeof maxLength === 'number' && value.length > maxLength) return `Must be at most ${maxLength} characters.`;
  if (typeof pattern === 'string') {
    try {
      if (!new RegExp(pattern, 'u').test(value)) return `Must match the pattern ${pattern}.`;
    } catch {
      return null;
    }
  }
  return null;
}

/** A value to start a new field or array item with: the schema's default, else an empty value of its type. */
export function initialValue(schema: JsonSchema, root?: JsonSchema): unknown {
  if ('default' in schema) return structuredClone(schema.default);

  switch (fieldKindOf(schema)) {
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'enum':
      return enumOptions(schema)[0];
    case 'array':
      return [];
    case 'record':
      return {};
    case 'object':
      return fillDefaults(unwrapNullable(schema), {}, root);
    case 'interval':
      return { seconds: 5 };
    case 'union':
      return initialValue(unionBranches(schema)[0] ?? {}, root);
    default:
      return undefined;
  }
}

/**
 * Returns the value for a new list item. Unlike a field, an item cannot stay empty, so a number
 * without a default starts at its minimum, else 0.
 */
export function initialItemValue(schema: JsonSchema, root?: JsonSchema): unknown {
  const value = initialValue(schema, root);
  const kind = fieldKindOf(schema);
  if (value !== undefined || (kind !== 'number' && kind !== 'integer')) return value;

  const { minimum, exclusiveMinimum } = unwrapNullable(schema) as { minimum?: number; exclusiveMinimum?: number };
  if (typeof minimum === 'number') return minimum;
  if (typeof exclusiveMinimum === 'number') return kind === 'integer' ? Math.floor(exclusiveMinimum) + 1 : exclusiveMinimum + 1;
  return 0;
}

/** Returns why a list has too few or too many items for the schema's `minItems` and `maxItems`, or null. */
export function arrayLengthError(schema: JsonSchema, value: unknown): string | null {
  const plain = unwrapNullable(schema);
  const { minItems, maxItems } = plain as { minItems?: number; maxItems?: number };
  const length = Array.isArray(value) ? value.length : 0;

  if (typeof minItems === 'number' && length < minItems) return minItems === 1 ? 'Add at least 1 item.' : `Add at least ${minItems} items.`;
  if (typeof maxItems === 'number' && length > maxItems) return maxItems === 1 ? 'Keep at most 1 item.' : `Keep at most ${maxItems} items.`;
  return null;
}

/**
 * Returns `value` with the default of every missing property filled in, through nested objects.
 * Properties without a default stay missing; `value` is not changed.
 */
export function fillDefaults(schema: JsonSchema, value: unknown, root?: JsonSchema): Record<string, unknown> {
  const source = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const filled: Record<string, unknown> = { ...source };

  for (const name of propertyNames(schema)) {
    const property = propertySchema(schema, name, root);
    if (filled[name] === undefined && 'default' in property) {
      filled[name] = structuredClone(property.default);
    }
    if (fieldKindOf(property) === 'object' && filled[name] !== undefined) {
      filled[name] = fillDefaults(unwrapNullable(property), filled[name], root);
    }
  }
  return filled;
}

/** True for values that count as not filled in: undefined, null, an empty string or an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Lists the dotted paths of required properties that are empty, through nested objects that are present.
 * A required property with a default is not missing, because the server fills the default in.
 */
export function missingRequired(schema: JsonSchema, value: unknown, root?: JsonSchema, prefix = ''): string[] {
  const source = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const missing: string[] = [];

  for (const name of propertyNames(schema)) {
    const property = propertySchema(schema, name, root);
    const path = prefix ? `${prefix}.${name}` : name;
    const propertyValue = source[name];

    if (isRequired(schema, name) && isEmptyValue(propertyValue) && !('default' in property)) {
      missing.push(path);
    } else if (fieldKindOf(property) === 'object' && propertyValue !== undefined) {
      missing.push(...missingRequired(unwrapNullable(property), propertyValue, root, path));
    }
  }
  return missing;
}

/** Returns `record` with `key` set to `value`, or without `key` when `value` is undefined. */
export function withProperty(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const next = { ...record };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Parses the text of a free-form JSON field; an empty text clears it. */
export function parseJsonInput(text: string): { value: unknown; error?: undefined } | { value?: undefined; error: string } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `Invalid JSON: ${(error as Error).message}` };
  }
}
