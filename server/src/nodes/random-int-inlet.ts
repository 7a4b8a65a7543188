import { randomInt } from 'node:crypto';
import { Inlet, type InletOptions } from '../engine/inlet.js';
import type { Update } from '../engine/update.js';
import { invalidOption } from './errors.js';

export interface RandomIntInletOptions extends InletOptions {
  /** Smallest value, inclusive (default 0). */
  min?: number;
  /** Largest value, inclusive (default 100). */
  max?: number;
  /** Records per transfer (default 1). */
  count?: number;
}

/** `crypto.randomInt` accepts ranges narrower than 2^48. */
const MAX_RANGE = 2 ** 48;

/** Produces `count` random integers between `min` and `max`, both inclusive, on each transfer. */
export class RandomIntInlet extends Inlet {
  readonly min: number;
  readonly max: number;
  readonly count: number;

  constructor(options: RandomIntInletOptions = {}) {
    super(options);
    this.min = options.min ?? 0;
    this.max = options.max ?? 100;
    this.count = options.count ?? 1;

    if (!Number.isSafeInteger(this.min)) throw invalidOption('RandomIntInlet', 'min', options.min, 'an integer');
    if (!Number.isSafeInteger(this.max)) throw invalidOption('RandomIntInlet', 'max', options.max, 'an integer');
    if (this.max < this.min) {
      throw invalidOption('RandomIntInlet', 'max', options.max, `an integer no smaller than min (${this.min})`);
    }
    if (this.max - this.min >= MAX_RANGE) {
      throw invalidOption('RandomIntInlet', 'max', options.max, `at most min + 2^48 - 1 (${this.min + MAX_RANGE - 1})`);
    }
    if (!Number.isSafeInteger(this.count) || this.count < 1) {
      throw invalidOption('RandomIntInlet', 'count', options.count, 'an integer of 1 or more');
    }
  }

  pull(_update: Update): number[] {
    const values: number[] = [];
    for (let index = 0; index < this.count; index += 1) values.push(randomInt(this.min, this.max + 1));
    return values;
  }
}
