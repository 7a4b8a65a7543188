/** Formats a count the way the studio shows it, with en-US thousands separators, e.g. 1,461. */
export function formatCount(count: number): string {
  return new Intl.NumberFormat('en-US').format(count);
}
