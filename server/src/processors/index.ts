export {
  defineProcessor,
  defineGrouper,
  nameFunction,
  type ProcessorDefinition,
  type GrouperDefinition,
  type StepDefinition,
  type ProcessorContext,
  type ProcessorInstance,
  type GrouperInstance,
  type StepList,
} from './define-processor.js';
export { ProcessorError, ProcessorErrorCode, describePayload } from './errors.js';
export { compileExpression, findExpressionSyntaxError, type CompiledExpression } from './expression.js';
export {
  processorStateKey,
  MemoryProcessorStateStore,
  SqliteProcessorStateStore,
  type ProcessorStateStore,
  type SqliteProcessorStateStoreOptions,
} from './state-store.js';
export { validateProcessorSteps, type StepLookup, type StepProblem } from './validate-steps.js';
export { buildProcessors, buildGroupers, drainProcessors, type StepListContext } from './build-steps.js';
export { RecordBuffer, type RecordBufferOptions, type BufferMode } from './buffer.js';
export { builtinProcessorDefinitions } from './builtin.js';
export { filterProcessor } from './filter.js';
export { mapProcessor } from './map.js';
export { setMetadataProcessor } from './set-metadata.js';
export { splitProcessor } from './split.js';
export { dedupeProcessor } from './dedupe.js';
export { bufferProcessor } from './buffer.js';
export { batchGrouper } from './batch.js';
export { groupByGrouper } from './group-by.js';
