import { useState } from 'react';
import type { JsonSchema } from '@databay-studio/shared';
import { ArrayField } from './ArrayField';
import { FieldRow } from './FieldRow';
import { fieldKindOf, fieldTitle } from './json-schema';
import { useSchemaForm, type FieldProps } from './form-context';
import { IntervalField } from './IntervalField';
import { ObjectFields, RecordField } from './object-fields';
import { BooleanField, EnumField, JsonField, NumberField, scalarError, StringField } from './scalar-fields';
import { StepListField } from './StepListField';
import { UnionField } from './UnionField';
import { resolveSchema, unwrapNullable } from './json-schema';
import { arrayLengthError } from './values';

type EditorProps = FieldProps & { onInvalidText?: (error: string | null) => void };

/** Renders the editor that fits a schema, without a label. */
export function SchemaField(props: EditorProps) {
  const { root } = useSchemaForm();
  const schema = resolveSchema(props.schema, root);
  const resolved = { ...props, schema };

  switch (fieldKindOf(schema)) {
    case 'string':
      return <StringField {...resolved} />;
    case 'number':
    case 'integer':
      return <NumberField {...resolved} />;
    case 'boolean':
      return <BooleanField {...resolved} />;
    case 'enum':
      return <EnumField {...resolved} />;
    case 'interval':
      return <IntervalField {...resolved} />;
    case 'array':
      return <ArrayField {...resolved} />;
    case 'object':
      return <ObjectFields {...resolved} schema={unwrapNullable(schema)} />;
    case 'record':
      return <RecordField {...resolved} schema={unwrapNullable(schema)} />;
    case 'union':
      return <UnionField {...resolved} />;
    case 'steps':
      return <StepListField {...resolved} />;
    default:
      return <JsonField {...resolved} />;
  }
}

const GROUP_KINDS = new Set(['object', 'record', 'array', 'steps']);

/** One property of an object: its row with title, help and errors around the editor. */
export function PropertyField({ name, ...props }: FieldProps & { name: string }) {
  const { root } = useSchemaForm();
  const [textError, setTextError] = useState<string | null>(null);
  const schema: JsonSchema = resolveSchema(props.schema, root);
  const kind = fieldKindOf(schema);
  const title = fieldTitle(name, schema);
  let localError = textError;
  if (!localError && kind === 'array' && props.value !== undefined) localError = arrayLengthError(schema, props.value);
  else if (!localError && !GROUP_KINDS.has(kind)) localError = scalarError(unwrapNullable(schema), props.value, Boolean(props.isRequired), title);

  return (
    <FieldRow
      path={props.path}
      title={title}
      schema={schema}
      isRequired={Boolean(props.isRequired)}
      localError={localError}
      isGroup={GROUP_KINDS.has(kind)}
    >
      <SchemaField {...props} schema={schema} onInvalidText={setTextError} />
    </FieldRow>
  );
}
