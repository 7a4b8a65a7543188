import { Outlet } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import type { Update } from '../engine/update.js';

/** Discards every record; useful to measure a link or to try an inlet. */
export class NullOutlet extends Outlet {
  push(_records: DataRecord[], _update: Update): void {}
}
