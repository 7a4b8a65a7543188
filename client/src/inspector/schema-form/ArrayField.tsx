import { useState } from 'react';
import type { JsonSchema } from '@databay-studio/shared';
import { fieldKindOf, resolveSchema, unwrapNullable } from './json-schema';
import { fieldTestId, useSchemaForm, type FieldProps } from './form-context';
import { ObjectFields } from './object-fields';
import { SchemaField } from './SchemaField';
import { initialItemValue, stringError } from './values';
import { scalarError } from './scalar-fields';

/** A list: one editor per item with a remove button, and an add button; object items get a sub-form. */
export function ArrayField({ path, schema, value, onChange }: FieldProps) {
  const { root } = useSchemaForm();
  const items = Array.isArray(value) ? value : [];
  const itemSchema: JsonSchema = resolveSchema((schema.items as JsonSchema | undefined) ?? {}, root);
  const isObjectItem = fieldKindOf(itemSchema) === 'object';
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;

  const replaceAt = (index: number, next: unknown) => onChange(items.map((item, position) => (position === index ? next : item)));
  const removeAt = (index: number) => onChange(items.filter((_item, position) => position !== index));
  const add = () => onChange([...items, initialItemValue(itemSchema, root)]);

  return (
    <div className="array-field" data-testid={fieldTestId(path)}>
      {items.length === 0 && <p className="muted">No items.</p>}
      {items.map((item, index) => (
        <div key={index} className={isObjectItem ? 'array-field__item array-field__item--object' : 'array-field__item'}>
          <div className="array-field__editor">
            {isObjectItem ? (
              <ObjectFields path={`${path}.${index}`} schema={itemSchema} value={item} onChange={(next) => replaceAt(index, next)} />
            ) : (
              <ArrayItem path={`${path}.${index}`} schema={itemSchema} value={item} onChange={(next) => replaceAt(index, next)} />
            )}
          </div>
          <button
            type="button"
            className="button button--small button--ghost"
            aria-label={`Remove item ${index + 1}`}
            data-testid={`${fieldTestId(path)}-remove-${index}`}
            onClick={() => removeAt(index)}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="button button--small" data-testid={`${fieldTestId(path)}-add`} onClick={add} disabled={items.length >= maxItems}>
        + Add item
      </button>
    </div>
  );
}

/** Renders one scalar item with its own check, such as a number out of range or text that is not a number yet. */
function ArrayItem({ path, schema, value, onChange }: FieldProps) {
  const [textError, setTextError] = useState<string | null>(null);
  // An item cannot be left out like an optional field, so an empty text is checked against minLength too.
  const plain = unwrapNullable(schema);
  const error = textError ?? (typeof value === 'string' ? stringError(plain, value) : scalarError(plain, value, false));

  return (
    <>
      <SchemaField path={path} schema={schema} value={value} onChange={onChange} onInvalidText={setTextError} />
      {error && (
        <p className="field__error" role="alert" data-testid={`field-error-${path}`}>
          {error}
        </p>
      )}
    </>
  );
}
