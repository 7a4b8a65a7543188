import type { NodeTypeRegistry } from './registry.js';

/** Revision of each node type a deployed flow uses, by type id, captured when it was deployed. */
export type NodeTypeRevisions = Record<string, string>;

/** Records the current revision of each given type, for `findStaleTypes` to compare against later. */
export function captureRevisions(registry: NodeTypeRegistry, types: Iterable<string>): NodeTypeRevisions {
  const revisions: NodeTypeRevisions = {};
  for (const type of types) {
    const revision = registry.revisionOf(type);
    if (revision !== undefined) revisions[type] = revision;
  }
  return revisions;
}

/**
 * Lists, sorted, the captured types whose definition changed or was removed since the capture.
 * A deployed flow keeps running the code it was deployed with; these types take effect on the
 * next deploy.
 */
export function findStaleTypes(captured: NodeTypeRevisions, registry: NodeTypeRegistry): string[] {
  return Object.entries(captured)
    .filter(([type, revision]) => registry.revisionOf(type) !== revision)
    .map(([type]) => type)
    .sort();
}
