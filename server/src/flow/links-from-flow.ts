import type { Logger } from 'pino';
import { flowSchema, type Flow } from '@databay-studio/shared';
import type { Link } from '../engine/link.js';
import { engineLogger } from '../engine/logger.js';
import type { ProcessorStateStore } from '../processors/state-store.js';
import { createRegistry } from '../registry/create-registry.js';
import type { NodeTypeRegistry } from '../registry/registry.js';
import { compileFlow } from '../studio/deploy/compile.js';
import { registerLinkNodeType } from '../studio/deploy/link-node-type.js';
import { createScrubbedLogger } from '../studio/deploy/scrubbed-logger.js';
import { collectSecrets, createScrubber } from '../studio/deploy/secrets.js';
import { InvalidFlowError, type FlowDocumentProblem } from './invalid-flow-error.js';

export interface LinksFromFlowOptions {
  /**
   * Node types the flow may use. Defaults to the built-in node types (`createRegistry()`); pass
   * `await loadNodeTypes({ pluginsDir })` to add plugins. The `link` node type is added to the
   * registry when it is missing.
   */
  registry?: NodeTypeRegistry;
  /** Folder that relative file paths in node configs resolve against. Defaults to the working directory. */
  filesRoot?: string;
  /** Parent of the links' loggers and of each node's `context.logger`. Defaults to the engine logger. */
  logger?: Logger;
  /**
   * Keeps the state of processors across restarts, such as a buffer's held records, under keys
   * that start with the flow id. Without one, that state lives in memory only.
   */
  stateStore?: ProcessorStateStore;
}

/** The links of one flow document, ready for a planner or a `TransferWorker`. */
export interface FlowLinks {
  /** The document's `id`, or one derived from its `name` when it has none. */
  readonly flowId: string;
  /** The document's `version`, or 1 when it has none. */
  readonly version: number;
  /** One Link per link node, with the link node's id as its id. */
  readonly links: Link[];
  link(linkId: string): Link | undefined;
  /**
   * Fires the abort signal that each node's `create` received. Call it after the planner or
   * worker that ran the links shut down, or when the links never started.
   */
  abort(): void;
}

/**
 * Key and node checks of the shared flow schema. `id` and `version` may be missing, so that
 * the example flows in examples/flows, which have neither, work as well as a document
 * exported with GET /api/flows/:id.
 */
const flowDocumentSchema = flowSchema.partial({ id: true, version: true });

/**
 * Builds the links of a flow document, the JSON the studio saves, as a deploy in the studio does.
 * It checks the document against the flow schema and every node against its node type. Then it
 * creates each inlet and outlet once and builds one Link per link node. Processes that build
 * links from the same document and node types get links with the same ids.
 *
 * Throws an `InvalidFlowError` that lists every problem when the document or a node is invalid,
 * or when a node type's `create` throws. Secret config values are replaced in its message and in
 * the links' log lines.
 */
export async function linksFromFlow(document: unknown, options: LinksFromFlowOptions = {}): Promise<FlowLinks> {
  const flow = parseFlowDocument(document);
  const registry = options.registry ?? createRegistry();
  registerLinkNodeType(registry);

  const secrets = collectSecrets(flow, registry);
  const scrub = createScrubber(secrets);
  const logger = createScrubbedLogger(options.logger ?? engineLogger, scrub, secrets.length > 0);

  const result = await compileFlow(flow, {
    registry,
    filesRoot: options.filesRoot ?? process.cwd(),
    nodeLogger: logger,
    linkLogger: logger,
    stateStore: options.stateStore,
  });
  if (!result.ok) {
    const problems = result.problems.map((problem) => ({ ...problem, message: scrub(problem.message) }));
    throw new InvalidFlowError(flow.id, problems, registry.problems);
  }

  const compiled = result.compiled;
  return {
    flowId: compiled.flowId,
    version: compiled.version,
    links: compiled.links,
    link: (linkId) => compiled.link(linkId),
    abort: () => compiled.abort(),
  };
}

function parseFlowDocument(document: unknown): Flow {
  const parsed = flowDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const rawId = isObject(document) && typeof document.id === 'string' && document.id !== '' ? document.id : undefined;
    throw new InvalidFlowError(
      rawId,
      parsed.error.issues.map((issue) => schemaProblem(document, issue)),
    );
  }

  const { id, version, ...content } = parsed.data;
  return { ...content, id: id ?? flowIdFromName(content.name), version: version ?? 1 };
}

/**
 * Derives a flow id from a name, such as `seattle-weather-to-jsonl` from "Seattle weather to
 * JSONL". It depends on the name only, so every process that reads the document gets the same id.
 */
function flowIdFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'flow' : slug;
}

interface SchemaIssue {
  code?: string;
  path: PropertyKey[];
  message: string;
}

/**
 * Turns a schema issue into a problem. An issue under `nodes[i]` names that node by its id when
 * the node has one, with the rest of the path as the field.
 */
function schemaProblem(document: unknown, issue: SchemaIssue): FlowDocumentProblem {
  const path = issue.path.map(String);
  let nodeId: string | undefined;
  let fieldPath = path;
  if (path[0] === 'nodes' && path.length > 2 && isObject(document) && Array.isArray(document.nodes)) {
    const node: unknown = document.nodes[Number(path[1])];
    if (isObject(node) && typeof node.id === 'string' && node.id !== '') {
      nodeId = node.id;
      fieldPath = path.slice(2);
    }
  }

  const field = fieldPath.length > 0 ? fieldPath.join('.') : undefined;
  // zod words a missing required key as a type error ("expected string, received undefined").
  const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
  const message = missing && field !== undefined ? `Missing required key "${field}": add it to the flow JSON.` : issue.message;

  const problem: FlowDocumentProblem = { message };
  if (nodeId !== undefined) problem.nodeId = nodeId;
  if (field !== undefined) problem.field = field;
  return problem;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
