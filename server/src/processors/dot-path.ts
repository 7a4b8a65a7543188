/**
 * Reads a value at a dot path such as `features` or `data.items.0`; an empty path returns the
 * value itself. Returns undefined when a step of the path is missing.
 */
export function valueAtPath(value: unknown, path: string): unknown {
  if (path === '') return value;

  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
