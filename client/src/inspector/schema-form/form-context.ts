import { createContext, useContext } from 'react';
import type { JsonSchema, NodeTypeDescriptor } from '@databay-studio/shared';

/** State shared by every field of one form: the root schema for `$ref`s and the server's errors by field path. */
export interface SchemaFormContextValue {
  root: JsonSchema;
  errorsByPath: Record<string, string[]>;
  /** Registered node types of a step kind (`processor` or `grouper`), for step list fields. */
  stepTypes: (kind: string) => NodeTypeDescriptor[];
}

export const SchemaFormContext = createContext<SchemaFormContextValue>({ root: {}, errorsByPath: {}, stepTypes: () => [] });

export const useSchemaForm = () => useContext(SchemaFormContext);

/** Props every field editor takes. `path` is the dotted config path, also used in data-testid. */
export interface FieldProps {
  path: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  isRequired?: boolean;
}

export const fieldTestId = (path: string) => `field-${path}`;
