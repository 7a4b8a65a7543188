import { INTERVAL_UNITS, type JsonSchema } from '@databay-studio/shared';

/** The editor a schema gets in the inspector form. */
export type FieldKind =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'interval'
  | 'array'
  | 'object'
  | 'record'
  | 'union'
  | 'steps'
  | 'json';

/** Reads a schema node, following a local `$ref` (`#/$defs/...` or `#/definitions/...`) against the root. */
export function resolveSchema(schema: JsonSchema | undefined, root?: JsonSchema): JsonSchema {
  if (!schema) return {};
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !root) return schema;

  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = match ? (root[match[1]] as Record<string, JsonSchema> | undefined) : undefined;
  const target = match && defs ? defs[decodeURIComponent(match[2])] : undefined;
  if (!target) return schema;

  const { $ref: _ref, ...rest } = schema;
  return { ...target, ...rest };
}

/** Returns the alternatives of an `anyOf` or `oneOf`, without the `{ type: "null" }` branch of a nullable value. */
export function unionBranches(schema: JsonSchema): JsonSchema[] {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) return [];
  return branches.filter((branch) => branch.type !== 'null');
}

/** Returns the branch of a nullable union, or the schema itself when it is not a union of one value and null. */
export function unwrapNullable(schema: JsonSchema): JsonSchema {
  const branches = unionBranches(schema);
  const all = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!Array.isArray(all) || branches.length !== 1) return schema;

  const { anyOf: _anyOf, oneOf: _oneOf, ...outer } = schema;
  return { ...branches[0], ...outer };
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((entry) => entry !== 'null') as string | undefined;
  return typeof type === 'string' ? type : undefined;
}

/** True for a union of milliseconds and an object of time units, such as a link's interval. */
export function isIntervalSchema(schema: JsonSchema): boolean {
  const branches = unionBranches(schema);
  if (branches.length !== 2) return false;

  const numberBranch = branches.find((branch) => branch.type === 'number' || branch.type === 'integer');
  const objectBranch = branches.find((branch) => branch.type === 'object');
  const keys = Object.keys((objectBranch?.properties as JsonSchema | undefined) ?? {});
  return Boolean(numberBranch && objectBranch && keys.length > 0 && keys.every((key) => INTERVAL_UNITS.includes(key as never)));
}

/**
 * True for a list of processor or grouper steps: an array of `{ type, config }` objects, where
 * `type` names a registered step type and `config` is checked against that type's schema.
 */
export function isStepListSchema(schema: JsonSchema): boolean {
  if (typeOf(schema) !== 'array') return false;
  const items = schema.items as JsonSchema | undefined;
  const properties = items?.properties as Record<string, JsonSchema> | undefined;
  if (!properties || Object.keys(properties).length !== 2) return false;
  return properties.type?.type === 'string' && properties.config?.type === 'object';
}

/** Picks the editor for a schema. */
export function fieldKindOf(schema: JsonSchema): FieldKind {
  if (isIntervalSchema(schema)) return 'interval';
  if (isStepListSchema(schema)) return 'steps';

  const plain = unwrapNullable(schema);
  if (Array.isArray(plain.enum)) return 'enum';
  if ('const' in plain) return 'enum';
  if (unionBranches(plain).length > 1) return 'union';

  switch (typeOf(plain)) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'array';
    case 'object':
      return plain.properties ? 'object' : 'record';
    default:
      return 'json';
  }
}

/** Options of an enum field; a `const` schema gives one option. */
export function enumOptions(schema: JsonSchema): unknown[] {
  const plain = unwrapNullable(schema);
  if (Array.isArray(plain.enum)) return plain.enum;
  if ('const' in plain) return [plain.const];
  return [];
}

/** Short label of a union branch, for the branch picker. */
export function branchLabel(branch: JsonSchema, index: number): string {
  if (typeof branch.title === 'string') return branch.title;
  const kind = fieldKindOf(branch);
  if (kind === 'array') {
    const items = resolveSchema(branch.items as JsonSchema | undefined);
    const itemType = typeOf(items);
    return itemType ? `list of ${itemType}s` : 'list';
  }
  if (kind === 'enum') return enumOptions(branch).map(String).join(' | ');
  if (kind === 'json') return `option ${index + 1}`;
  return kind;
}

/** Index of the first union branch that `value` fits, by JSON type; 0 when none fits. */
export function matchBranch(branches: JsonSchema[], value: unknown): number {
  const index = branches.findIndex((branch) => fitsType(branch, value));
  return index < 0 ? 0 : index;
}

function fitsType(schema: JsonSchema, value: unknown): boolean {
  const kind = fieldKindOf(schema);
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return enumOptions(schema).includes(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
    case 'record':
    case 'interval':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

/** True when the schema marks the value as secret, so the form masks it. */
export function isSecretSchema(schema: JsonSchema): boolean {
  return schema.secret === true || unwrapNullable(schema).secret === true;
}

/** Names of an object schema's properties, in declaration order. */
export function propertyNames(schema: JsonSchema): string[] {
  return Object.keys((schema.properties as JsonSchema | undefined) ?? {});
}

export function propertySchema(schema: JsonSchema, name: string, root?: JsonSchema): JsonSchema {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  return resolveSchema(properties[name], root);
}

export function isRequired(schema: JsonSchema, name: string): boolean {
  return Array.isArray(schema.required) && schema.required.includes(name);
}

/** A readable field title: the schema's title, else the property name split at camel case. */
export function fieldTitle(name: string, schema: JsonSchema): string {
  if (typeof schema.title === 'string' && schema.title) return schema.title;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  const spelled = words
    .split(' ')
    .map((word) => ACRONYMS.get(word) ?? word)
    .join(' ');
  return spelled.charAt(0).toUpperCase() + spelled.slice(1);
}

/** Words that field names hold in lower case but titles spell in capitals. */
const ACRONYMS = new Map(['api', 'csv', 'http', 'id', 'json', 'uri', 'url'].map((word) => [word, word.toUpperCase()]));
