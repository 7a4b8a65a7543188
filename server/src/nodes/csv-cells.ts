/** Column that contains a payload which is not an object, such as a number or a string. */
export const SCALAR_COLUMN = 'value';

/**
 * Lists the columns of a payload in key order: nested plain objects give dotted names
 * (`properties.mag`), and anything else, arrays included, is one column.
 */
export function columnsOf(payload: unknown): string[] {
  if (!isPlainObject(payload)) return [SCALAR_COLUMN];

  const columns: string[] = [];
  collectColumns(payload, '', columns);
  return columns;
}

/**
 * Returns the cells of a payload for the given columns. Cells are text: strings as they are,
 * numbers and booleans with `String`, dates as ISO 8601, arrays and other objects as JSON, null,
 * undefined and missing fields as an empty cell. A payload that is not a plain object fills the
 * `value` column.
 */
export function cellsOf(payload: unknown, columns: readonly string[]): string[] {
  const cells = new Array<string>(columns.length);
  const isObject = isPlainObject(payload);

  for (let index = 0; index < columns.length; index += 1) {
    const column = columns[index];
    if (isObject) cells[index] = toCell(fieldAt(payload, column));
    else cells[index] = column === SCALAR_COLUMN ? toCell(payload) : '';
  }
  return cells;
}

function collectColumns(object: Record<string, unknown>, prefix: string, columns: string[]): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    const column = prefix + key;
    if (isPlainObject(value) && Object.keys(value).length > 0) collectColumns(value, `${column}.`, columns);
    else columns.push(column);
  }
}

/**
 * Finds the value of a dotted column. A key that itself contains a dot is matched too, so every
 * column `columnsOf` lists is found again.
 */
function fieldAt(object: Record<string, unknown>, column: string): unknown {
  if (Object.hasOwn(object, column)) return object[column];

  let dot = column.indexOf('.');
  while (dot !== -1) {
    const head = column.slice(0, dot);
    const inner = Object.hasOwn(object, head) ? object[head] : undefined;
    if (isPlainObject(inner)) {
      const value = fieldAt(inner, column.slice(dot + 1));
      if (value !== undefined) return value;
    }
    dot = column.indexOf('.', dot + 1);
  }
  return undefined;
}

function toCell(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      if (value === null) return '';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
      return JSON.stringify(value) ?? '';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
