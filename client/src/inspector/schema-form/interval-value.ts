import { INTERVAL_UNITS, intervalToMs, type IntervalSpec, type IntervalUnit } from '@databay-studio/shared';

/** An interval as the single-unit editor shows it: an amount and a unit. */
export interface IntervalParts {
  amount: number;
  unit: IntervalUnit;
}

const UNIT_MS: Record<IntervalUnit, number> = {
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
};

/** Units from largest to smallest, so the editor shows the largest unit that divides the interval evenly. */
const UNITS_LARGEST_FIRST: IntervalUnit[] = ['days', 'hours', 'minutes', 'seconds', 'milliseconds'];

/**
 * Returns the interval as one amount and unit, when it can be written so without fractions,
 * or null when the editor should show one field per unit.
 */
export function intervalParts(spec: unknown): IntervalParts | null {
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) return null;
    const unit = UNITS_LARGEST_FIRST.find((candidate) => spec !== 0 && spec % UNIT_MS[candidate] === 0) ?? 'milliseconds';
    return { amount: spec / UNIT_MS[unit], unit };
  }

  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return null;
  const entries = Object.entries(spec as Record<string, unknown>).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return { amount: 0, unit: 'seconds' };
  if (entries.length !== 1) return null;

  const [unit, amount] = entries[0];
  if (!INTERVAL_UNITS.includes(unit as IntervalUnit) || typeof amount !== 'number') return null;
  return { amount, unit: unit as IntervalUnit };
}

/** Builds the stored interval from an amount and unit, as an object such as `{ minutes: 5 }`. */
export function intervalFromParts(parts: IntervalParts): IntervalSpec {
  return { [parts.unit]: parts.amount };
}

/** Returns the interval's length in milliseconds, or the error message of an invalid interval. */
export function checkInterval(spec: unknown): { ms: number; error?: undefined } | { ms?: undefined; error: string } {
  try {
    return { ms: intervalToMs(spec as IntervalSpec) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
