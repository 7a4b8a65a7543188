/** Grouping of counts the studio shows. Fixed to en-US, so counts read the same as in the server's log lines. */
const countFormat = new Intl.NumberFormat('en-US');

/** Formats a count with thousands separators, e.g. 300,000. */
export function formatCount(count: number): string {
  return countFormat.format(count);
}

/** Formats a record count with its noun, e.g. "1 record" or "1,461 records". */
export function formatRecordCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'record' : 'records'}`;
}
