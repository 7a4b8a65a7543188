// The row shape CsvOutlet writes, rebuilt in plain JS for the practical-limit pipeline.

/**
 * Flattens a payload into one CSV row: nested plain objects become dotted columns
 * (`location.city`), arrays become their JSON text, and other values stay as they are.
 */
export function flattenRow(payload, prefix = '', row = {}) {
  for (const key of Object.keys(payload)) {
    const value = payload[key];
    const column = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      flattenRow(value, column, row);
    } else if (Array.isArray(value)) {
      row[column] = JSON.stringify(value);
    } else {
      row[column] = value;
    }
  }
  return row;
}
