import type { Logger } from 'pino';
import type { Flow, FlowProblem } from '@databay-studio/shared';
import type { Inlet } from '../../engine/inlet.js';
import type { Processor } from '../../engine/outlet.js';
import type { DataRecord } from '../../engine/record.js';
import { singleBatch } from '../../engine/stream-transfer.js';
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
  const limit = options.limit ?? DEFAULT_PREVIEW_LIMIT;
  try {
    const link = compiled.link(linkId)!;
    const update = new Update(link.tags, 0);
    const steps: PreviewSteps = { processors: link.processors, update, errors, linkId, logger };
    const output = link.streamBatches
      ? await previewBatches(compiled, link.inlets, steps, limit)
      : await previewAtOnce(compiled, link.inlets, steps, limit);

    logger.info({ records: output.total, errors: errors.length }, 'link previewed');
    return {
      records: output.records.map((record) => ({ payload: record.payload, metadata: record.metadata })),
      total: output.total,
      durationMs: Math.round(performance.now() - startedAt),
      errors,
    };
  } finally {
    compiled.abort();
  }
}

interface PreviewSteps {
  readonly processors: readonly Processor[];
  readonly update: Update;
  readonly errors: LinkPreview['errors'];
  readonly linkId: string;
  readonly logger: Logger;
}

/** The first `limit` records after the processors, and how many there were in all. */
interface PreviewOutput {
  records: DataRecord[];
  total: number;
}

/** Pulls every inlet, then runs the processors on all records, as a transfer does by default. */
async function previewAtOnce(compiled: CompiledFlow, inlets: readonly Inlet[], steps: PreviewSteps, limit: number): Promise<PreviewOutput> {
  const pulled = await Promise.all(
    inlets.map((inlet) =>
      withStartedInlet(compiled, inlet, steps, async () => inlet.toRecords(await inlet.pull(steps.update))),
    ),
  );
  const { records } = await runPreviewProcessors(pulled.flat(), steps);
  return { records: records.slice(0, limit), total: records.length };
}

/**
 * Reads each inlet's batches and runs the processors on each, as a link with streamBatches does.
 * Only the first `limit` records are kept and the rest are counted, so a large file is previewed
 * in the memory of one batch. Reading stops at the first processor that fails.
 */
async function previewBatches(compiled: CompiledFlow, inlets: readonly Inlet[], steps: PreviewSteps, limit: number): Promise<PreviewOutput> {
  const output: PreviewOutput = { records: [], total: 0 };
  let processorFailed = false;

  for (const inlet of inlets) {
    if (processorFailed) break;
    await withStartedInlet(compiled, inlet, steps, async () => {
      const batches = inlet.pullBatches ? inlet.pullBatches(steps.update) : singleBatch(inlet, steps.update);
      for await (const batch of batches) {
        const processed = await runPreviewProcessors(inlet.toRecords(batch), steps);
        output.total += processed.records.length;
        for (const record of processed.records) {
          if (output.records.length < limit) output.records.push(record);
        }
        if (processed.failed) {
          processorFailed = true;
          break;
        }
      }
      return [];
    });
  }
  return output;
}

/**
 * Runs the link's processors in order. A failing processor is reported, and the records it got
 * are the result.
 */
async function runPreviewProcessors(input: DataRecord[], steps: PreviewSteps): Promise<{ records: DataRecord[]; failed: boolean }> {
  let records = input;
  for (const [index, processor] of steps.processors.entries()) {
    try {
      records = await processor(records, steps.update);
    } catch (error) {
      steps.errors.push({ nodeId: steps.linkId, message: `Processor ${index + 1} (${processor.name || 'processor'}) failed: ${(error as Error).message}` });
      steps.logger.warn({ err: error, step: index }, 'preview processor failed');
      return { records, failed: true };
    }
  }
  return { records, failed: false };
}

/**
 * Runs `read` between the inlet's onStart and onShutdown. A failed start or read is reported
 * under the inlet's node id and gives no records.
 */
async function withStartedInlet(
  compiled: CompiledFlow,
  inlet: Inlet,
  steps: PreviewSteps,
  read: () => Promise<DataRecord[]>,
): Promise<DataRecord[]> {
  const nodeId = compiled.nodeIdOf(inlet) ?? inlet.name;
  let started = false;
  try {
    await inlet.lifecycle.acquire();
    started = true;
    return await read();
  } catch (error) {
    steps.errors.push({ nodeId, message: `${started ? 'Pull' : 'Start'} failed: ${(error as Error).message}` });
    steps.logger.warn({ err: error, nodeId }, 'preview pull failed');
    return [];
  } finally {
    if (started) await inlet.lifecycle.release().catch((error: unknown) => steps.logger.warn({ err: error, nodeId }, 'preview inlet shutdown failed'));
  }
}

/** Cuts the flow down to the link node, the inlets and outlets it connects to, and their edges. */
function linkSubflow(flow: Flow, linkId: string): Flow {
  const edges = flow.edges.filter((edge) => edge.target === linkId || edge.source === linkId);
  const ids = new Set([linkId, ...edges.map((edge) => edge.source), ...edges.map((edge) => edge.target)]);
  return { ...flow, nodes: flow.nodes.filter((node) => ids.has(node.id)), edges };
}
