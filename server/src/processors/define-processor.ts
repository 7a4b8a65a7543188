import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Grouper, Processor } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import type { ProcessorStateStore } from './state-store.js';

/** Name of the config list a step belongs to: a link's or an outlet's `processors`, or a link's `groupers`. */
export type StepList = 'processors' | 'groupers';

/** Ids, logger, store and clock that a processor's or grouper's `create` receives besides its config. */
export interface ProcessorContext {
  flowId: string;
  linkId: string;
  /** Node whose config lists the step: the link itself, or one of its outlets. */
  nodeId: string;
  list: StepList;
  /** Position of the step in its list, from 0. */
  stepIndex: number;
  /** Logger bound to the flow, link and node ids. */
  logger: Logger;
  /** Keeps state across restarts, e.g. a buffer's held records. Without it, state lives in memory only. */
  stateStore?: ProcessorStateStore;
  /** Clock in epoch milliseconds; tests pass their own. Defaults to Date.now. */
  now?: () => number;
}

/** A created processor step. */
export interface ProcessorInstance {
  /** Runs on the records of each transfer; the engine's `Processor` signature. */
  readonly process: Processor;
  /**
   * Releases the records the step holds across transfers, such as a buffer's, and empties the step.
   * The owner calls it on a graceful stop and sends the records on to the next steps.
   */
  flush?(): DataRecord[] | Promise<DataRecord[]>;
  /**
   * Takes back records that `flush` released when they did not reach an outlet, so that the next
   * start releases them again. Optional; without it such records are logged as lost.
   */
  restore?(records: DataRecord[]): void | Promise<void>;
}

/** A created grouper step. */
export interface GrouperInstance {
  /** Splits or merges the batches of each transfer; the engine's `Grouper` signature. */
  readonly group: Grouper;
}

interface BaseDefinition<Schema extends z.ZodType> {
  /** Unique id; plugins use a dotted namespace such as `acme.geo-filter`. */
  type: string;
  label: string;
  category: string;
  description: string;
  icon?: string;
  color?: string;
  /** Schema of the step's config. Its JSON Schema is served to the inspector. */
  config: Schema;
  /** Config keys that contain JSONata expressions; a deploy checks that they parse. */
  expressionFields?: readonly string[];
}

export interface ProcessorDefinition<Schema extends z.ZodType = z.ZodType> extends BaseDefinition<Schema> {
  kind: 'processor';
  create(config: z.output<Schema>, context: ProcessorContext): ProcessorInstance | Promise<ProcessorInstance>;
}

export interface GrouperDefinition<Schema extends z.ZodType = z.ZodType> extends BaseDefinition<Schema> {
  kind: 'grouper';
  create(config: z.output<Schema>, context: ProcessorContext): GrouperInstance | Promise<GrouperInstance>;
}

export type StepDefinition = ProcessorDefinition<any> | GrouperDefinition<any>;

/** Declares a processor node type; returns the definition with its config type inferred. */
export function defineProcessor<Schema extends z.ZodType>(
  definition: Omit<ProcessorDefinition<Schema>, 'kind'>,
): ProcessorDefinition<Schema> {
  return { ...definition, kind: 'processor' };
}

/** Declares a grouper node type; returns the definition with its config type inferred. */
export function defineGrouper<Schema extends z.ZodType>(
  definition: Omit<GrouperDefinition<Schema>, 'kind'>,
): GrouperDefinition<Schema> {
  return { ...definition, kind: 'grouper' };
}

/** Gives a step's function the step's type as its name, so engine logs and events name it. */
export function nameFunction<Fn extends Function>(fn: Fn, name: string): Fn {
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}
