/** Free-form data that travels with a record's payload, e.g. routing keys for outlets. */
export type Metadata = { [key: string]: unknown };

/** Metadata key that names the inlet a record came from. */
export const INLET_METADATA_KEY = '__inlet__';

/**
 * One piece of data moving through a link: a payload and its metadata.
 * Databay calls this `Record`; here it is `DataRecord` so that TypeScript's `Record<K, V>` stays usable.
 */
export class DataRecord<P = unknown> {
  payload: P;
  metadata: Metadata;

  constructor(payload: P, metadata: Metadata = {}) {
    this.payload = payload;
    this.metadata = metadata;
  }
}

/** Creates a record from a payload and optional metadata. */
export function newRecord<P>(payload: P, metadata: Metadata = {}): DataRecord<P> {
  return new DataRecord(payload, { ...metadata });
}
