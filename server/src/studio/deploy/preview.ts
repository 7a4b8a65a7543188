import type { Logger } from 'pino';
import type { Flow, FlowProblem } from '@databay-studio/shared';
import type { Inlet } from '../../engine/inlet.js';
import type { DataRecord } from '../../engine/record.js';
import { Update } from '../../engine/update.js';
import { MemoryProcessorStateStore } from '../../processors/state-store.js';
import type { NodeTypeRegistry } from '../../registry/registry.js';
import { createError, deployInvalidError } from '../errors.js';
import { compileFlow, type CompiledFlow } from './compile.js';

/** Default and largest number of records a preview returns. */
export const DEFAULT_PREVIEW_LIMIT = 50;
export const MAX_PREVIEW_LIMIT = 1_000;

/** Body of POST /api/flows/:id/links/:linkId/preview. */
export interface LinkPreview {
  /** The first `limit` records after the link's processors. */
  records: { payload: unknown; metadata: Record<string, unknown> }[];
  /** Number of records after the link's processors, before `limit` cut them. */
  total: number;
  durationMs: number;
  /** Inlets and processors that failed; the preview goes on without their records. */
  errors: Pick<FlowProblem, 'nodeId' | 'message'>[];
}

export interface PreviewOptions {
  registry: NodeTypeRegistry;
  filesRoot: string;
  logger: Logger;
  limit?: number;
}

/**
 * Pulls a link's inlets once and runs the link's processors on the records, without pushing to
 * any outlet. The nodes are created for the preview alone, with a memory state store, so buffers
 * and dedupe windows of a deployed flow are neither read nor changed. Only the link and its
 * inlets and outlets are compiled, so problems of other links do not block it. Problems of this
 * link throw DBS_DEPLOY_INVALID like a deploy.
 */
export async function previewLink(flow: Flow, linkId: string, options: PreviewOptions): Promise<LinkPreview> {
  const linkNode = flow.nodes.find((node) => node.id === linkId && node.kind === 'link');
  if (!linkNode) throw createError('DBS_PREVIEW_LINK_NOT_FOUND', flow.id, linkId);

  const logger = options.logger.child({ flowId: flow.id, linkId, component: 'preview' });
  const result = await compileFlow(linkSubflow(flow, linkId), {
    registry: options.registry,
    filesRoot: options.filesRoot,
    nodeLogger: logger,
    linkLogger: logger,
    stateStore: new MemoryProcessorStateStore(),
  });
  if (!result.ok) throw deployInvalidError(flow, result.problems);

  const startedAt = performance.now();
  const compiled = result.compiled;
  const errors: LinkPreview['errors'] = [];
  try {
    const link = compiled.link(linkId)!;
    const update = new Update(link.tags, 0);
    let records = await pullInlets(compiled, link.inlets, update, errors, logger);

    for (const [index, processor] of link.processors.entries()) {
      try {
        records = await processor(records, update);
      } catch (error) {
        errors.push({ nodeId: linkId, message: `Processor ${index + 1} (${processor.name || 'processor'}) failed: ${(error as Error).message}` });
        logger.warn({ err: error, step: index }, 'preview processor failed');
        break;
      }
    }

    const limit = options.limit ?? DEFAULT_PREVIEW_LIMIT;
    logger.info({ records: records.length, errors: errors.length }, 'link previewed');
    return {
      records: records.slice(0, limit).map((record) => ({ payload: record.payload, metadata: record.metadata })),
      total: records.length,
      durationMs: Math.round(performance.now() - startedAt),
      errors,
    };
  } finally {
    compiled.abort();
  }
}

async function pullInlets(
  compiled: CompiledFlow,
  inlets: readonly Inlet[],
  update: Update,
  errors: LinkPreview['errors'],
  logger: Logger,
): Promise<DataRecord[]> {
  const pulled = await Promise.all(
    inlets.map(async (inlet) => {
      const nodeId = compiled.nodeIdOf(inlet) ?? inlet.name;
      let started = false;
      try {
        await inlet.lifecycle.acquire();
        started = true;
        return inlet.toRecords(await inlet.pull(update));
      } catch (error) {
        errors.push({ nodeId, message: `${started ? 'Pull' : 'Start'} failed: ${(error as Error).message}` });
        logger.warn({ err: error, nodeId }, 'preview pull failed');
        return [];
      } finally {
        if (started) await inlet.lifecycle.release().catch((error: unknown) => logger.warn({ err: error, nodeId }, 'preview inlet shutdown failed'));
      }
    }),
  );
  return pulled.flat();
}

/** Cuts the flow down to the link node, the inlets and outlets it connects to, and their edges. */
function linkSubflow(flow: Flow, linkId: string): Flow {
  const edges = flow.edges.filter((edge) => edge.target === linkId || edge.source === linkId);
  const ids = new Set([linkId, ...edges.map((edge) => edge.source), ...edges.map((edge) => edge.target)]);
  return { ...flow, nodes: flow.nodes.filter((node) => ids.has(node.id)), edges };
}
