/**
 * Time labels of the history chart. Every function formats in the browser's time zone unless a
 * `timeZone` (IANA name) is given, which the tests use to be independent of the machine's zone.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Below this span the axis shows seconds, because minute labels would repeat. */
const SECONDS_SPAN_MS = 5 * MINUTE_MS;
/** Below this span an axis over several days still shows the time of day. */
const TIME_OF_DAY_SPAN_MS = 7 * DAY_MS;

/** Estimated width of one label character in SVG user units, for the axis's 9px font. */
export const AXIS_CHAR_WIDTH = 5.5;
/** Minimum space between two labels in SVG user units. */
const LABEL_GAP = 8;

/** One bar's position on the time axis: the centre of the bar and its transfer's start time. */
export interface TimePoint {
  x: number;
  time: string;
}

/** A labelled tick under a bar. `labelX` is where the label starts, kept inside the chart. */
export interface TimeTick {
  x: number;
  labelX: number;
  label: string;
}

function format(date: Date, options: Intl.DateTimeFormatOptions, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', { ...options, hourCycle: 'h23', timeZone }).format(date).replace(/,/g, '');
}

function calendarDay(date: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(date);
}

/**
 * Chooses the label format for an axis from `first` to `last`. Within one calendar day it shows
 * seconds for a span under 5 minutes, else hours and minutes. Across days it shows day and time
 * for a span under 7 days, else the day alone, with the year when the span crosses a year.
 */
export function axisTimeFormat(first: Date, last: Date, timeZone?: string): Intl.DateTimeFormatOptions {
  const spanMs = Math.abs(last.getTime() - first.getTime());

  if (spanMs < SECONDS_SPAN_MS && calendarDay(first, timeZone) === calendarDay(last, timeZone)) {
    return { hour: '2-digit', minute: '2-digit', second: '2-digit' };
  }
  if (calendarDay(first, timeZone) === calendarDay(last, timeZone)) return { hour: '2-digit', minute: '2-digit' };
  if (spanMs < TIME_OF_DAY_SPAN_MS) return { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };

  const sameYear = format(first, { year: 'numeric' }, timeZone) === format(last, { year: 'numeric' }, timeZone);
  return sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' };
}

/** Formats a transfer's start time in full for a bar's tooltip, e.g. "Fri 4 Dec 2026 21:00:05 CET". */
export function formatTransferTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;

  return format(
    date,
    { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
    timeZone,
  );
}

/**
 * Picks ticks for the newest, oldest and middle bar, in that order of priority, and labels them
 * with the start time of their transfer. A label that would overlap or repeat one already placed
 * is left out, so a short history shows fewer labels. `points` are ordered oldest first, as drawn.
 */
export function buildTimeTicks(points: readonly TimePoint[], width: number, timeZone?: string): TimeTick[] {
  const valid = points.filter((point) => !Number.isNaN(new Date(point.time).getTime()));
  if (valid.length === 0) return [];

  const first = valid[0];
  const last = valid[valid.length - 1];
  const options = axisTimeFormat(new Date(first.time), new Date(last.time), timeZone);
  const candidates = [...new Set([last, first, valid[Math.floor((valid.length - 1) / 2)]])];

  const ticks: TimeTick[] = [];
  for (const point of candidates) {
    const label = format(new Date(point.time), options, timeZone);
    const labelWidth = label.length * AXIS_CHAR_WIDTH;
    const labelX = Math.min(Math.max(point.x - labelWidth / 2, 0), Math.max(width - labelWidth, 0));
    const overlaps = ticks.some((tick) => {
      const tickWidth = tick.label.length * AXIS_CHAR_WIDTH;
      return labelX < tick.labelX + tickWidth + LABEL_GAP && tick.labelX < labelX + labelWidth + LABEL_GAP;
    });
    const repeats = ticks.some((tick) => tick.label === label);
    if (!overlaps && !repeats) ticks.push({ x: point.x, labelX: Math.round(labelX * 10) / 10, label });
  }

  return ticks.sort((a, b) => a.x - b.x);
}
