/** An interval as milliseconds, or as a sum of named units. */
export type IntervalSpec =
  | number
  | {
      days?: number;
      hours?: number;
      minutes?: number;
      seconds?: number;
      milliseconds?: number;
    };

const UNIT_MS = {
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
} as const;

export type IntervalUnit = keyof typeof UNIT_MS;
export const INTERVAL_UNITS = Object.keys(UNIT_MS) as IntervalUnit[];

export class InvalidIntervalError extends Error {
  override name = 'InvalidIntervalError';
}

/**
 * Converts an interval to milliseconds.
 * Throws InvalidIntervalError, quoting the value, when the result is zero, negative, NaN or
 * infinite, or when the object has a key that is not a unit.
 */
export function intervalToMs(spec: IntervalSpec): number {
  let ms: number;

  if (typeof spec === 'number') {
    ms = spec;
  } else if (spec !== null && typeof spec === 'object') {
    ms = 0;
    for (const [key, value] of Object.entries(spec)) {
      if (!(key in UNIT_MS)) {
        throw new InvalidIntervalError(
          `Invalid interval ${JSON.stringify(spec)}: unknown unit "${key}". Use ${INTERVAL_UNITS.join(', ')}.`,
        );
      }
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidIntervalError(
          `Invalid interval ${JSON.stringify(spec)}: "${key}" must be a finite number, got ${String(value)}.`,
        );
      }
      ms += value * UNIT_MS[key as IntervalUnit];
    }
  } else {
    throw new InvalidIntervalError(
      `Invalid interval ${String(spec)}: pass milliseconds as a number or an object such as { seconds: 5 }.`,
    );
  }

  if (!Number.isFinite(ms) || ms <= 0) {
    throw new InvalidIntervalError(
      `Invalid interval ${formatSpec(spec)}: it must be a positive, finite duration, got ${ms} ms.`,
    );
  }
  return ms;
}

function formatSpec(spec: IntervalSpec): string {
  return typeof spec === 'number' ? String(spec) : JSON.stringify(spec);
}

/** Formats milliseconds as words, e.g. "every 1 h 30 min" or "every 250 ms". */
export function describeInterval(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  const labels: [IntervalUnit, string][] = [
    ['days', 'd'],
    ['hours', 'h'],
    ['minutes', 'min'],
    ['seconds', 's'],
    ['milliseconds', 'ms'],
  ];
  for (const [unit, label] of labels) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) {
      parts.push(`${count} ${label}`);
      rest -= count * UNIT_MS[unit];
    }
  }
  return `every ${parts.join(' ') || '0 ms'}`;
}
