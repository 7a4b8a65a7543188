import { Inlet } from '../engine/inlet.js';
import type { Update } from '../engine/update.js';

/** Produces no records; useful to test a link or to keep a flow valid while editing it. */
export class NullInlet extends Inlet {
  pull(_update: Update): undefined {
    return undefined;
  }
}
