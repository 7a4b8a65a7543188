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

/** The occurrence, first or second, that a wall-clock time occurring twice converts to. */
export type WallTimeOccurrence = 'earlier' | 'later';

/**
 * Converts a wall-clock time to the instant a schedule fires at:
 * - a time that occurs once gives that instant;
 * - a time that occurs twice (clocks set back) gives its first occurrence, or its second when
 *   `occurrence` is 'later';
 * - a time that does not exist (clocks set forward) gives the first instant after the gap, i.e.
 *   the moment of the change, whose wall-clock time is the first valid one after it.
 * With either `occurrence`, later wall-clock times never convert to earlier instants.
 */
export function wallTimeToInstant(
  naive: number,
  timeZone: string,
  occurrence: WallTimeOccurrence = 'earlier',
): number {
  const before = offsetAt(naive - NEIGHBOR_WINDOW_MS, timeZone);
  const after = offsetAt(naive + NEIGHBOR_WINDOW_MS, timeZone);

  const candidates = [naive - before, naive - after].filter(
    (instant) => toWallTime(instant, timeZone) === naive,
  );
  if (candidates.length > 0) return occurrence === 'earlier' ? Math.min(...candidates) : Math.max(...candidates);

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
 * Returns the wall-clock time, as naive milliseconds, at which to start walking wall-clock times in
 * order to find the first one that wallTimeToInstant converts, with `occurrence`, to an instant
 * after `instant`. No such wall-clock time lies before the start. Starting exactly there keeps the
 * walk short: a `* * * * * *` schedule would otherwise test up to an hour of seconds that all
 * convert to `instant` or earlier.
 * NOTE: like wallTimeToInstant, this assumes at most one offset change within 36 hours on either
 * side of `instant`.
 */
export function searchStartWallTime(instant: number, timeZone: string, occurrence: WallTimeOccurrence): number {
  const wallTime = toWallTime(instant, timeZone);
  const offset = wallTime - instant;

  if (occurrence === 'earlier') {
    // In the second pass after clocks went back, the repeated wall-clock times already had their
    // first occurrence, so the walk starts at the wall-clock time the first pass ended at.
    const low = instant - NEIGHBOR_WINDOW_MS;
    if (offsetAt(low, timeZone) <= offset) return wallTime;
    const change = findOffsetChange(low, instant, timeZone);
    return Math.max(wallTime, toWallTime(change - 1, timeZone) + 1);
  }

  // Before clocks go back, the second occurrences of the repeated wall-clock times are still
  // ahead, so the walk starts at the wall-clock time the second pass begins at.
  const high = instant + NEIGHBOR_WINDOW_MS;
  if (offsetAt(high, timeZone) >= offset) return wallTime;
  const change = findOffsetChange(instant, high, timeZone);
  return Math.min(wallTime, toWallTime(change, timeZone));
}
