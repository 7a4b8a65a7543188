// Small statistics helpers for timing samples.

/** Returns the value at quantile `q` (0..1) of an ascending-sorted array, by nearest rank. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function mean(values) {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Rounds to `digits` decimals, keeping the value a number for JSON. */
export function round(value, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Peak resident set size of this process so far, in MiB (resourceUsage reports KiB). */
export function peakRssMb() {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

/** Wall-clock epoch milliseconds with sub-millisecond precision. */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}
