/**
 * Wall-clock arithmetic in IANA time zones with Intl.DateTimeFormat only, so that the client and
 * the server share it without a date library. "Naive" milliseconds are a local date and time
 * written as if it were UTC.
 */

export class InvalidTimeZoneError extends Error {
  override name = 'InvalidTimeZoneError';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Tells whether Intl supports the zone, e.g. "Europe/Berlin" or "UTC". */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Throws InvalidTimeZoneError naming the zone when Intl does not know it. */
export function checkTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new InvalidTimeZoneError(
      `Invalid time zone "${timeZone}": use an IANA zone name such as "Europe/Berlin", "America/New_York" or "UTC".`,
    );
  }
}

/** Returns the time zone of the machine running this code, e.g. the server's. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Returns the local wall-clock time of an instant in a zone, as naive milliseconds. */
export function toWallTime(instant: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;

  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const naive = Date.UTC(
    year,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  // Intl drops the milliseconds, so carry them over from the instant.
  return naive + (((instant % 1000) + 1000) % 1000);
}

/** Returns the zone's offset from UTC at an instant, in milliseconds (+2 h is 7,200,000). */
export function offsetAt(instant: number, timeZone: string): number {
  return toWallTime(instant, timeZone) - instant;
}

// Every offset change on record is well inside this window, so the offsets at both of its ends
// are the ones before and after any change that affects a given wall-clock time.
const NEIGHBOR_WINDOW_MS = 36 * 3_600_000;

/**
 * Converts a wall-clock time to the instant a schedule fires at:
 * - a time that occurs once gives that instant;
 * - a time that occurs twice (clocks set back) gives the first occurrence;
 * - a time that does not exist (clocks set forward) gives the first instant after the gap, i.e.
 *   the moment of the change, whose wall-clock time is the first valid one after it.
 */
export function wallTimeToInstant(naive: number, timeZone: string): number {
  const before = offsetAt(naive - NEIGHBOR_WINDOW_MS, timeZone);
  const after = offsetAt(naive + NEIGHBOR_WINDOW_MS, timeZone);

  const candidates = [naive - before, naive - after].filter(
    (instant) => toWallTime(instant, timeZone) === naive,
  );
  if (candidates.length > 0) return Math.min(...candidates);

  return findOffsetChange(naive - after, naive - before, timeZone);
}

/** Binary-searches (low, high] for the first instant whose offset differs from the one at low. */
function findOffsetChange(low: number, high: number, timeZone: string): number {
  const offsetBefore = offsetAt(low, timeZone);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle, timeZone) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Returns the smallest offset in use within a day and a half of an instant. Starting a search at
 * `instant + smallest offset` never starts after a wall-clock time that resolves past `instant`.
 */
export function smallestNearbyOffset(instant: number, timeZone: string): number {
  return Math.min(
    offsetAt(instant - NEIGHBOR_WINDOW_MS, timeZone),
    offsetAt(instant, timeZone),
    offsetAt(instant + NEIGHBOR_WINDOW_MS, timeZone),
  );
}
