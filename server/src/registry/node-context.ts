import path from 'node:path';
import type { Logger } from 'pino';
import type { NodeContext } from './define.js';

export interface NodeContextOptions {
  flowId: string;
  nodeId: string;
  linkId?: string;
  /** Parent logger; the context's logger is its child bound to the flow, link and node ids. */
  logger: Logger;
  filesRoot: string;
}

const controllers = new WeakMap<NodeContext, AbortController>();

/**
 * Builds the context a node type's `create` receives. Its signal fires when `abortNodeContext`
 * is called, which the node adapter does when the node shuts down.
 */
export function createNodeContext(options: NodeContextOptions): NodeContext {
  const controller = new AbortController();
  const bindings: Record<string, string> = { flowId: options.flowId, nodeId: options.nodeId };
  if (options.linkId !== undefined) bindings.linkId = options.linkId;

  const filesRoot = path.resolve(options.filesRoot);
  const context: NodeContext = {
    flowId: options.flowId,
    nodeId: options.nodeId,
    linkId: options.linkId,
    logger: options.logger.child(bindings),
    filesRoot,
    resolvePath: (target) => path.resolve(filesRoot, target),
    signal: controller.signal,
  };
  controllers.set(context, controller);
  return context;
}

/** Fires the context's signal; does nothing for a context not made by `createNodeContext` or already aborted. */
export function abortNodeContext(context: NodeContext, reason = 'The node is shutting down.'): void {
  const controller = controllers.get(context);
  if (controller && !controller.signal.aborted) controller.abort(new Error(reason));
}
