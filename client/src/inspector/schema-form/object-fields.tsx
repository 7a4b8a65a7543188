import { useState } from 'react';
import type { JsonSchema } from '@databay-studio/shared';
import { isRequired, propertyNames, propertySchema, resolveSchema } from './json-schema';
import { fieldTestId, useSchemaForm, type FieldProps } from './form-context';
import { PropertyField, SchemaField } from './SchemaField';
import { initialValue, withProperty } from './values';

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The properties of an object schema, one row each; `path` is empty for the form's root. */
export function ObjectFields({ path, schema, value, onChange }: FieldProps) {
  const { root } = useSchemaForm();
  const record = asRecord(value);
  const names = propertyNames(schema);

  if (names.length === 0) return <p className="muted">This node type has no options.</p>;

  return (
    <div className="object-fields">
      {names.map((name) => {
        const childPath = path ? `${path}.${name}` : name;
        return (
          <PropertyField
            key={name}
            name={name}
            path={childPath}
            schema={propertySchema(schema, name, root)}
            value={record[name]}
            isRequired={isRequired(schema, name)}
            onChange={(next) => onChange(withProperty(record, name, next))}
          />
        );
      })}
    </div>
  );
}

/** A map of names to values (`additionalProperties`), such as HTTP headers: one row per key. */
export function RecordField({ path, schema, value, onChange }: FieldProps) {
  const { root } = useSchemaForm();
  const record = asRecord(value);
  const valueSchema: JsonSchema = resolveSchema(
    typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : {},
    root,
  );
  const [newKey, setNewKey] = useState('');
  const entries = Object.entries(record);

  const renameKey = (oldKey: string, nextKey: string) => {
    if (!nextKey || nextKey === oldKey || nextKey in record) return;
    onChange(Object.fromEntries(entries.map(([key, entry]) => [key === oldKey ? nextKey : key, entry])));
  };

  const addKey = () => {
    const key = newKey.trim();
    if (!key || key in record) return;
    onChange({ ...record, [key]: initialValue(valueSchema, root) ?? '' });
    setNewKey('');
  };

  return (
    <div className="record-field" data-testid={fieldTestId(path)}>
      {entries.map(([key, entry]) => (
        <div key={key} className="record-field__row">
          <input
            className="record-field__key"
            defaultValue={key}
            aria-label="Name"
            onBlur={(event) => renameKey(key, event.target.value.trim())}
          />
          <div className="record-field__value">
            <SchemaField path={`${path}.${key}`} schema={valueSchema} value={entry} onChange={(next) => onChange(withProperty(record, key, next))} />
          </div>
          <button type="button" className="button button--small button--ghost" aria-label={`Remove ${key}`} onClick={() => onChange(withProperty(record, key, undefined))}>
            ✕
          </button>
        </div>
      ))}
      <div className="record-field__row">
        <input
          className="record-field__key"
          placeholder="New name"
          value={newKey}
          data-testid={`${fieldTestId(path)}-new-key`}
          onChange={(event) => setNewKey(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') addKey();
          }}
        />
        <button type="button" className="button button--small" onClick={addKey} disabled={!newKey.trim() || newKey.trim() in record}>
          Add
        </button>
      </div>
    </div>
  );
}
