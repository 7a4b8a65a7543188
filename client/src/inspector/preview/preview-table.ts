/** One record of a link preview, as POST /api/flows/:id/links/:linkId/preview returns it. */
export interface PreviewRecord {
  payload: unknown;
  metadata: Record<string, unknown>;
}

/** Column of a payload that is not an object, such as a line of text. */
export const VALUE_COLUMN = 'payload';

/** Most columns the table shows; the JSON tab shows every field. */
export const MAX_PREVIEW_COLUMNS = 40;

/** The records of a preview as table rows: cells by dotted payload path, in first-seen column order. */
export interface PreviewTable {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Number of columns left out beyond MAX_PREVIEW_COLUMNS. */
  hiddenColumns: number;
}

/**
 * Flattens a payload into cells keyed by dotted path: `{ a: { b: 1 } }` gives `{ "a.b": 1 }`.
 * Arrays and empty objects stay one cell, as a table has no good place for their items.
 * A payload that is not an object gives one cell, VALUE_COLUMN.
 */
export function flattenPayload(payload: unknown): Record<string, unknown> {
  if (!isPlainObject(payload)) return { [VALUE_COLUMN]: payload };

  const cells: Record<string, unknown> = {};
  const visit = (value: Record<string, unknown>, prefix: string) => {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isPlainObject(child) && Object.keys(child).length > 0) visit(child, path);
      else cells[path] = child;
    }
  };
  visit(payload, '');
  return cells;
}

/** Builds the table of a preview's records, with columns from every record's payload paths. */
export function buildPreviewTable(records: readonly PreviewRecord[]): PreviewTable {
  const rows = records.map((record) => flattenPayload(record.payload));

  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const column of Object.keys(row)) {
      if (seen.has(column)) continue;
      seen.add(column);
      columns.push(column);
    }
  }

  return {
    columns: columns.slice(0, MAX_PREVIEW_COLUMNS),
    rows,
    hiddenColumns: Math.max(0, columns.length - MAX_PREVIEW_COLUMNS),
  };
}

/** Text of a table cell: strings as they are, a missing value as empty, anything else as JSON. */
export function formatCell(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** The metadata of a record in one line, e.g. `file=a.csv, line=3`; empty when it has none. */
export function formatMetadata(metadata: Record<string, unknown> | undefined): string {
  if (!metadata) return '';
  return Object.entries(metadata)
    .map(([key, value]) => `${key}=${formatCell(value)}`)
    .join(', ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
