/** Column that holds a payload which is not an object, such as a number or a string. */
export const SCALAR_COLUMN = 'value';

/**
 * Lists the columns of a payload in key order: nested plain objects give dotted names
 * (`properties.mag`), and anything else, arrays included, is one column.
 */
export function columnsOf(payload: unknown): string[] {
  const columns: string[] = [];
  visitCells(payload, (column) => columns.push(column));
  return columns;
}

/**
 * Calls `visit` with each column name and cell text of a payload. Cells are text: strings as
 * they are, numbers and booleans with `String`, dates as ISO 8601, arrays and other objects as
 * JSON, null and undefined as an empty cell.
 */
export function visitCells(payload: unknown, visit: (column: string, cell: string) => void): void {
  if (!isPlainObject(payload)) {
    visit(SCALAR_COLUMN, toCell(payload));
    return;
  }
  visitObject(payload, '', visit);
}

function visitObject(object: Record<string, unknown>, prefix: string, visit: (column: string, cell: string) => void): void {
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;

    const value = object[key];
    const column = prefix + key;
    if (isPlainObject(value)) visitObject(value, `${column}.`, visit);
    else visit(column, toCell(value));
  }
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
