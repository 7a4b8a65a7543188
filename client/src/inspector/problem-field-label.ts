import type { JsonSchema, NodeKind, NodeTypeDescriptor } from '@databay-studio/shared';
import { configFieldPath } from '../store/field-path';
import { fieldTitle, isStepListSchema, resolveSchema, unionBranches, unwrapNullable } from './schema-form/json-schema';
import { SCHEDULE_FIELD_TITLES } from './schedule/schedule-form';

/** Separator between the labels of nested fields, e.g. "Grouper 1 › Size". */
export const FIELD_LABEL_SEPARATOR = ' › ';

/** The node a deploy problem names, as far as its field label needs it. */
export interface ProblemNode {
  kind: NodeKind;
  type: string;
  config?: Record<string, unknown>;
}

/**
 * Returns the label the inspector shows for the config field a deploy problem names, e.g.
 * "Stream batches" for `streamBatches` or "Grouper 1 › Size" for `groupers.0.size`. Labels come
 * from the node type's JSON Schema: a property's title, else its key split at camel case. A part of
 * the path that the schema does not describe stays as the raw key, and without a node type the
 * whole field does.
 */
export function problemFieldLabel(field: string, node: ProblemNode | undefined, nodeTypes: Readonly<Record<string, NodeTypeDescriptor>>): string {
  const segments = configFieldPath(field).split('.').filter((segment) => segment !== '');
  const nodeType = node ? nodeTypes[node.type] : undefined;
  if (!node || !nodeType || segments.length === 0) return field;

  if (node.kind === 'link') {
    const scheduleLabel = scheduleFieldLabel(segments);
    if (scheduleLabel) return scheduleLabel;
  }

  const labels: string[] = [];
  let root: JsonSchema = nodeType.configSchema;
  let schema: JsonSchema | undefined = root;
  let value: unknown = node.config;

  for (let position = 0; position < segments.length; position += 1) {
    const segment = segments[position];
    const current = schema ? unwrapNullable(resolveSchema(schema, root)) : undefined;
    const index = Number(segment);
    const isIndex = /^\d+$/.test(segment);

    if (current && isIndex && isStepListSchema(current)) {
      // A step's config is checked against its own type's schema, found from the step's `type`.
      const step = asRecord(Array.isArray(value) ? value[index] : undefined);
      labels.push(`${segments[position - 1] === 'groupers' ? 'Grouper' : 'Processor'} ${index + 1}`);
      const stepType = typeof step.type === 'string' ? nodeTypes[step.type] : undefined;
      root = stepType?.configSchema ?? {};
      schema = stepType?.configSchema;
      value = step.config;
      if (segments[position + 1] === 'config') position += 1;
      else if (segments[position + 1] === 'type') {
        labels.push('Type');
        position += 1;
        schema = undefined;
      }
      continue;
    }

    const items = current?.items;
    if (isIndex && items !== null && typeof items === 'object' && !Array.isArray(items)) {
      labels.push(`Item ${index + 1}`);
      schema = items as JsonSchema;
      value = Array.isArray(value) ? value[index] : undefined;
      continue;
    }

    const property = current ? findProperty(current, segment, root) : undefined;
    if (property) {
      // A step list's own title would repeat before "Processor 1", so only the step's label shows.
      const isStepListParent = isStepListSchema(unwrapNullable(property)) && /^\d+$/.test(segments[position + 1] ?? '');
      if (!isStepListParent) labels.push(fieldTitle(segment, property));
      schema = property;
      value = asRecord(value)[segment];
      continue;
    }

    labels.push(segment);
    schema = undefined;
  }
  return labels.join(FIELD_LABEL_SEPARATOR);
}

/** Labels a field of the schedule editor, which titles its fields itself, or returns undefined. */
function scheduleFieldLabel(segments: readonly string[]): string | undefined {
  for (const length of [2, 1]) {
    if (segments.length < length) continue;
    const title = SCHEDULE_FIELD_TITLES[segments.slice(0, length).join('.')];
    if (title) return [title, ...segments.slice(length)].join(FIELD_LABEL_SEPARATOR);
  }
  return undefined;
}

/** Finds a property's schema in an object schema or in any branch of a union of objects. */
function findProperty(schema: JsonSchema, name: string, root: JsonSchema): JsonSchema | undefined {
  const candidates = [schema, ...unionBranches(schema).map((branch) => resolveSchema(branch, root))];
  for (const candidate of candidates) {
    const properties = candidate.properties as Record<string, JsonSchema> | undefined;
    if (properties && name in properties) return resolveSchema(properties[name], root);
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
