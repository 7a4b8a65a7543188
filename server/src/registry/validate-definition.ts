import { z } from 'zod';

/** Kinds a plugin may register; `link` is the studio's own. */
export const DEFINITION_KINDS = ['inlet', 'outlet', 'processor', 'grouper'] as const;

/**
 * Lowercase words of letters and digits joined by `-`, `_` or `.`, such as `http-inlet` or
 * `acme.weather-inlet`. The id travels in URLs, stored flows and CSS selectors, so it stays plain.
 */
export const NODE_TYPE_ID_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Type ids the studio keeps for node types it builds itself. */
export const RESERVED_TYPES = ['link'];

/**
 * Checks a value that claims to be a node type definition and lists what is wrong with it, one
 * sentence per bad field. An empty list means it can be registered. Plugins are untrusted input,
 * so nothing about the value is assumed.
 */
export function validateDefinition(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [`expected a node type definition object but got ${describeValue(value)}`];
  }

  const definition = value as Record<string, unknown>;
  const problems: string[] = [];

  if (!DEFINITION_KINDS.includes(definition.kind as (typeof DEFINITION_KINDS)[number])) {
    problems.push(
      `kind is ${describeValue(definition.kind)} but must be "inlet", "outlet", "processor" or "grouper": declare it with defineInlet, defineOutlet, defineProcessor or defineGrouper`,
    );
  }

  if (typeof definition.type !== 'string' || definition.type === '') {
    problems.push(`type is ${describeValue(definition.type)}: give it a unique string id such as "acme.weather-inlet"`);
  } else if (RESERVED_TYPES.includes(definition.type)) {
    problems.push(`type "${definition.type}" is reserved for the studio's own ${definition.type} node: use a namespaced id such as "acme.${definition.type}"`);
  } else if (!NODE_TYPE_ID_PATTERN.test(definition.type)) {
    problems.push(
      `type "${definition.type}" is not a valid id: use lowercase letters and digits joined by ".", "-" or "_", such as "acme.weather-inlet"`,
    );
  }

  for (const field of ['label', 'category'] as const) {
    if (typeof definition[field] !== 'string' || definition[field].trim() === '') {
      problems.push(`${field} is ${describeValue(definition[field])}: give it a non-empty string`);
    }
  }
  if (typeof definition.description !== 'string') {
    problems.push(`description is ${describeValue(definition.description)}: give it a string`);
  }
  for (const field of ['icon', 'color'] as const) {
    if (definition[field] !== undefined && typeof definition[field] !== 'string') {
      problems.push(`${field} is ${describeValue(definition[field])}: leave it out or give it a string`);
    }
  }

  const configProblem = checkConfigSchema(definition.config);
  if (configProblem) problems.push(configProblem);

  if (typeof definition.create !== 'function') {
    problems.push(`create is ${describeValue(definition.create)}: give it a function (config, context) that returns the node`);
  }

  return problems;
}

function checkConfigSchema(config: unknown): string | undefined {
  if (!isZodSchema(config)) {
    return `config is ${describeValue(config)} but must be a zod schema: use z.object({ ... }) from the SDK, or z.object({}) for no options`;
  }

  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch (error) {
    return `config cannot be turned into a JSON Schema for the inspector (${errorMessage(error)}): use plain zod types in it`;
  }
  if (jsonSchema.type !== 'object') {
    return `config is a zod schema of ${describeValue(jsonSchema.type)} but must be a z.object({ ... }), because the inspector renders one field per property`;
  }
  return undefined;
}

/**
 * True for a zod 4 schema. Checked by shape instead of `instanceof` so that a plugin package
 * with its own copy of zod 4 also passes.
 */
function isZodSchema(value: unknown): value is z.ZodType {
  return (
    value !== null &&
    typeof value === 'object' &&
    '_zod' in value &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** Short text for a value in a message: its type, and the value itself when it is small. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'function') return 'a function';
  return `an ${typeof value}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
