import { useMemo } from 'react';
import type { JsonSchema, NodeTypeDescriptor } from '@databay-studio/shared';
import { SchemaFormContext } from './form-context';
import { ObjectFields } from './object-fields';

interface SchemaFormProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  /** Errors from the server by dotted field path, shown under the field they name. */
  errorsByPath?: Record<string, string[]>;
  /** Every registered node type; step list fields offer those of kind `processor` or `grouper`. */
  nodeTypes?: NodeTypeDescriptor[];
}

const NO_ERRORS: Record<string, string[]> = {};
const NO_TYPES: NodeTypeDescriptor[] = [];

/** A form generated from an object JSON Schema, editing a config object. */
export function SchemaForm({ schema, value, onChange, errorsByPath = NO_ERRORS, nodeTypes = NO_TYPES }: SchemaFormProps) {
  const context = useMemo(
    () => ({
      root: schema,
      errorsByPath,
      stepTypes: (kind: string) => nodeTypes.filter((nodeType) => nodeType.kind === kind),
    }),
    [schema, errorsByPath, nodeTypes],
  );

  return (
    <SchemaFormContext.Provider value={context}>
      <ObjectFields path="" schema={schema} value={value} onChange={(next) => onChange(next as Record<string, unknown>)} />
    </SchemaFormContext.Provider>
  );
}
