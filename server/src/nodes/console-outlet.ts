import type { Writable } from 'node:stream';
import { Outlet, type OutletOptions } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import type { Update } from '../engine/update.js';
import { payloadToText } from './payload-text.js';

export interface ConsoleOutletOptions extends OutletOptions {
  /** Stream the lines are written to (default `process.stdout`). */
  writable?: Writable;
}

/**
 * Prints one line per record, `<update> <payload>`, e.g. `weather.3 {"temp":12}`.
 * Strings print as they are, other payloads as JSON. Each batch is one write.
 */
export class ConsoleOutlet extends Outlet {
  private readonly writable: Writable;

  constructor(options: ConsoleOutletOptions = {}) {
    super(options);
    this.writable = options.writable ?? process.stdout;
  }

  async push(records: DataRecord[], update: Update): Promise<void> {
    if (records.length === 0) return;

    const prefix = update.toString();
    let text = '';
    for (const record of records) text += `${prefix} ${payloadToText(record.payload)}\n`;

    await new Promise<void>((resolvePromise, reject) => {
      this.writable.write(text, (error) => (error ? reject(error) : resolvePromise()));
    });
  }
}
