import { batchGrouper } from './batch.js';
import { bufferProcessor } from './buffer.js';
import { dedupeProcessor } from './dedupe.js';
import type { StepDefinition } from './define-processor.js';
import { filterProcessor } from './filter.js';
import { groupByGrouper } from './group-by.js';
import { mapProcessor } from './map.js';
import { setMetadataProcessor } from './set-metadata.js';
import { splitProcessor } from './split.js';

/** The processors and groupers that ship with the studio, in palette order. */
export const builtinProcessorDefinitions: readonly StepDefinition[] = [
  filterProcessor,
  mapProcessor,
  setMetadataProcessor,
  splitProcessor,
  dedupeProcessor,
  bufferProcessor,
  batchGrouper,
  groupByGrouper,
];
