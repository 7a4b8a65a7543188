import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Inlet } from '../engine/inlet.js';
import type { Outlet } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import type { Update } from '../engine/update.js';
import type { StepDefinition } from '../processors/define-processor.js';

/** What a node type's `create` receives besides its config. */
export interface NodeContext {
  flowId: string;
  nodeId: string;
  /** The link the node feeds or is fed by; undefined when it is connected to several links. */
  linkId?: string;
  /** Logger bound to the flow, link and node ids. */
  logger: Logger;
  /** Folder that relative file paths resolve against. */
  filesRoot: string;
  /** Resolves a path from the config against `filesRoot`; absolute paths stay as they are. */
  resolvePath(path: string): string;
  /** Fires when the node shuts down, so long reads and requests can stop. */
  signal: AbortSignal;
}

/** An inlet written as a plain object instead of an `Inlet` subclass. */
export interface PlainInlet {
  pull(update: Update): unknown | Promise<unknown>;
  /** Yields this transfer's data in batches, for links with `streamBatches`; see `Inlet.pullBatches`. */
  pullBatches?(update: Update): AsyncIterable<unknown>;
  onStart?(): void | Promise<void>;
  onShutdown?(): void | Promise<void>;
}

/** An outlet written as a plain object instead of an `Outlet` subclass. */
export interface PlainOutlet {
  push(records: DataRecord[], update: Update): void | Promise<void>;
  onStart?(): void | Promise<void>;
  onShutdown?(): void | Promise<void>;
}

interface BaseDefinition<Schema extends z.ZodType> {
  /** Unique id; plugins use a dotted namespace such as `acme.weather-inlet`. */
  type: string;
  label: string;
  category: string;
  description: string;
  icon?: string;
  color?: string;
  /** Schema of the node's config. Its JSON Schema is served to the inspector. */
  config: Schema;
}

export interface InletDefinition<Schema extends z.ZodType = z.ZodType> extends BaseDefinition<Schema> {
  kind: 'inlet';
  create(config: z.output<Schema>, context: NodeContext): Inlet | PlainInlet | Promise<Inlet | PlainInlet>;
}

export interface OutletDefinition<Schema extends z.ZodType = z.ZodType> extends BaseDefinition<Schema> {
  kind: 'outlet';
  create(config: z.output<Schema>, context: NodeContext): Outlet | PlainOutlet | Promise<Outlet | PlainOutlet>;
}

export type NodeTypeDefinition = InletDefinition<any> | OutletDefinition<any>;

/** Anything the registry takes: an inlet or outlet type, or a processor or grouper type. */
export type AnyNodeTypeDefinition = NodeTypeDefinition | StepDefinition;

/** Declares an inlet node type; returns the definition with its config type inferred. */
export function defineInlet<Schema extends z.ZodType>(
  definition: Omit<InletDefinition<Schema>, 'kind'>,
): InletDefinition<Schema> {
  return { ...definition, kind: 'inlet' };
}

/** Declares an outlet node type; returns the definition with its config type inferred. */
export function defineOutlet<Schema extends z.ZodType>(
  definition: Omit<OutletDefinition<Schema>, 'kind'>,
): OutletDefinition<Schema> {
  return { ...definition, kind: 'outlet' };
}

export {
  defineProcessor,
  defineGrouper,
  type ProcessorDefinition,
  type GrouperDefinition,
  type StepDefinition,
  type ProcessorContext,
  type ProcessorInstance,
  type GrouperInstance,
} from '../processors/define-processor.js';

// The SDK object's type, so that plugins written in TypeScript can type their default export.
export type { PluginSdk } from './plugin-sdk.js';
