import type { DataRecord } from '../engine/record.js';

/** Splits records by a key such as their target file, keeping the order of first appearance. */
export function groupRecords<Key>(records: DataRecord[], keyOf: (record: DataRecord) => Key): Map<Key, DataRecord[]> {
  const groups = new Map<Key, DataRecord[]>();
  for (const record of records) {
    const key = keyOf(record);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}
