/** Step of a node's life in which a node type's own code failed. */
export type NodeTypeStage = 'create' | 'start' | 'pull' | 'push' | 'process' | 'group' | 'shutdown';

/**
 * A failure inside a node type's code, usually a plugin's, rethrown so that the transfer's
 * `nodeFailed` event and the logs name the node type and the plugin it came from. The
 * original error is kept as `cause`.
 */
export class NodeTypeError extends Error {
  override name = 'NodeTypeError';
  readonly code = 'NODE_TYPE_FAILED';

  constructor(
    readonly nodeType: string,
    readonly source: string,
    readonly stage: NodeTypeStage,
    cause: unknown,
  ) {
    super(`Node type "${nodeType}" from ${source} failed in ${stage}: ${messageOf(cause)}`, { cause });
  }
}

/** An invalid node config, found before the node type's `create` runs. */
export class NodeConfigError extends Error {
  override name = 'NodeConfigError';
  readonly code = 'NODE_CONFIG_INVALID';

  constructor(
    readonly nodeType: string,
    readonly nodeId: string,
    readonly issues: { path: string; message: string }[],
  ) {
    const listed = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    super(`Invalid config for node "${nodeId}" of type "${nodeType}": ${listed}. Fix the node's config and deploy again.`);
  }
}

function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === 'string') return cause;
  try {
    return JSON.stringify(cause) ?? String(cause);
  } catch {
    return String(cause);
  }
}
