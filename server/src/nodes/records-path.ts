import { NodeError, NodeErrorCode } from './errors.js';

/**
 * Follows a dot path such as `features` or `data.items` into a parsed response and returns the
 * array found there. A segment that is a number indexes an array (`pages.0.items`).
 * Throws, naming the path, the segment reached and what was found, when no array is there.
 */
export function selectRecords(body: unknown, recordsPath: string, source: string): unknown[] {
  const segments = recordsPath.split('.');
  let current: unknown = body;
  let reached = '';

  for (const segment of segments) {
    const next = step(current, segment);
    reached = reached ? `${reached}.${segment}` : segment;
    if (next === undefined) {
      throw new NodeError(
        NodeErrorCode.recordsPathNotArray,
        `recordsPath "${recordsPath}" does not lead to an array in ${source}: "${reached}" is missing ` +
          `(found keys ${keysOf(current)}). Set recordsPath to the dot path of the array of records, or leave it empty to get the whole response as one record.`,
      );
    }
    current = next;
  }

  if (!Array.isArray(current)) {
    throw new NodeError(
      NodeErrorCode.recordsPathNotArray,
      `recordsPath "${recordsPath}" does not lead to an array in ${source}: found ${kindOf(current)}. ` +
        'Set recordsPath to the dot path of the array of records, or leave it empty to get the whole response as one record.',
    );
  }
  return current;
}

function step(value: unknown, segment: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return /^\d+$/.test(segment) ? value[Number(segment)] : undefined;
  return Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object with keys ${keysOf(value)}`;
  return `a ${typeof value} (${JSON.stringify(value)?.slice(0, 60)})`;
}

function keysOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return `none, it is ${value === null ? 'null' : `a ${typeof value}`}`;
  const keys = Object.keys(value).slice(0, 10);
  return keys.length === 0 ? 'none' : keys.map((key) => `"${key}"`).join(', ');
}
