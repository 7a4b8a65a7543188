import { DataRecord } from './record.js';

/**
 * Deep-copies records with structuredClone, keeping each record's class.
 * Throws when a payload or metadata contains something structuredClone cannot copy, such as a
 * function or a socket. The caller reports that as the failure of the outlet that needed the copy.
 */
export function copyRecords(records: readonly DataRecord[]): DataRecord[] {
  return records.map((record) => {
    const copy: DataRecord = Object.create(Object.getPrototypeOf(record) as object);
    Object.assign(copy, record);
    copy.payload = structuredClone(record.payload);
    copy.metadata = structuredClone(record.metadata);
    return copy;
  });
}

/**
 * Gives each of `outletCount` outlets its own batch. Only the outlets before the last get copies,
 * because the last outlet can mutate the originals without anyone else seeing it.
 */
export function batchesPerOutlet(records: DataRecord[], outletCount: number, copy: boolean): DataRecord[][] {
  const batches = new Array<DataRecord[]>(outletCount);
  for (let index = 0; index < outletCount; index += 1) {
    const isLast = index === outletCount - 1;
    if (isLast) batches[index] = records;
    else if (copy) batches[index] = copyRecords(records);
    // Without copies the records are shared, but each outlet still gets its own array.
    else batches[index] = records.slice();
  }
  return batches;
}
