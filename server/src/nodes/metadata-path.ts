import { resolve } from 'node:path';
import type { DataRecord } from '../engine/record.js';
import { describeValue, invalidOption } from './errors.js';

/** Turns a path from options or metadata into an absolute path. */
export type PathResolver = (path: string) => string;

/** Resolves against the working directory, like `path.resolve`. */
export const resolveFromCwd: PathResolver = (path) => resolve(path);

/**
 * Returns the target path of a record: the metadata value under `key` when the record has one,
 * otherwise `defaultPath`. A metadata value that is not a non-empty string is rejected, naming it.
 */
export function routedPath(
  record: DataRecord,
  key: string,
  defaultPath: string | undefined,
  resolvePath: PathResolver,
  nodeClass: string,
): string {
  const routed = record.metadata[key];
  if (routed === undefined || routed === null) {
    if (defaultPath === undefined) {
      throw invalidOption(nodeClass, 'path', undefined, `a path, or metadata "${key}" on every record`);
    }
    return defaultPath;
  }

  if (typeof routed !== 'string' || routed.length === 0) {
    throw new TypeError(
      `${nodeClass}: metadata "${key}" must be a non-empty path string, got ${describeValue(routed)}. ` +
        'Fix the processor or inlet metadata that sets it.',
    );
  }
  return resolvePath(routed);
}
