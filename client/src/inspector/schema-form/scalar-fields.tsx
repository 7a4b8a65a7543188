import { useEffect, useState } from 'react';
import type { JsonSchema } from '@databay-studio/shared';
import { enumOptions, fieldKindOf, isSecretSchema } from './json-schema';
import { fieldTestId, type FieldProps } from './form-context';
import { coerceNumberInput, emptyNumberMessage, numberRangeError, parseJsonInput, stringError } from './values';

/**
 * Finds the first problem of a scalar value that the browser can check; null when there is none.
 * The message for an empty required number names `title`, the field's label, and the number to enter.
 */
export function scalarError(schema: JsonSchema, value: unknown, isRequired: boolean, title?: string): string | null {
  if (isRequired && (value === undefined || value === '') && !('default' in schema)) {
    const kind = fieldKindOf(schema);
    return kind === 'number' || kind === 'integer' ? emptyNumberMessage(schema, title) : 'Required.';
  }
  if (typeof value === 'number') return numberRangeError(schema, value);
  if (typeof value === 'string' && value !== '') return stringError(schema, value);
  return null;
}

export function StringField({ path, schema, value, onChange }: FieldProps) {
  const isSecret = isSecretSchema(schema);
  const [isRevealed, setRevealed] = useState(false);
  const text = typeof value === 'string' ? value : '';
  const placeholder = typeof schema.default === 'string' ? schema.default : undefined;
  const isLong = (schema.maxLength === undefined || Number(schema.maxLength) > 200) && (schema.format === 'textarea' || text.includes('\n'));

  if (isLong && !isSecret) {
    return (
      <textarea
        id={`input-${path}`}
        data-testid={fieldTestId(path)}
        value={text}
        placeholder={placeholder}
        rows={4}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }

  return (
    <div className="input-with-button">
      <input
        id={`input-${path}`}
        data-testid={fieldTestId(path)}
        type={isSecret && !isRevealed ? 'password' : 'text'}
        autoComplete={isSecret ? 'new-password' : 'off'}
        spellCheck={false}
        value={text}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value === '' && !('default' in schema) ? undefined : event.target.value)}
      />
      {isSecret && (
        <button
          type="button"
          className="button button--small"
          data-testid={`${fieldTestId(path)}-reveal`}
          aria-pressed={isRevealed}
          onClick={() => setRevealed((current) => !current)}
        >
          {isRevealed ? 'Hide' : 'Show'}
        </button>
      )}
    </div>
  );
}

/** A number input that keeps the typed text while it is not a number yet, and reports why. */
export function NumberField({ path, schema, value, onChange, onInvalidText }: FieldProps & { onInvalidText?: (error: string | null) => void }) {
  const isInteger = fieldKindOf(schema) === 'integer';
  const [text, setText] = useState(typeof value === 'number' ? String(value) : '');

  // Follow outside changes (another node selected, a reload) without clobbering what is being typed.
  useEffect(() => {
    const parsed = coerceNumberInput(text, isInteger);
    if (parsed.error === undefined && parsed.value === value) return;
    setText(typeof value === 'number' ? String(value) : '');
    onInvalidText?.(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const maximum = typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;

  return (
    <input
      id={`input-${path}`}
      data-testid={fieldTestId(path)}
      type="text"
      inputMode={isInteger ? 'numeric' : 'decimal'}
      value={text}
      placeholder={typeof schema.default === 'number' ? String(schema.default) : undefined}
      aria-valuemin={minimum}
      aria-valuemax={maximum}
      onChange={(event) => {
        const nextText = event.target.value;
        setText(nextText);
        const parsed = coerceNumberInput(nextText, isInteger);
        onInvalidText?.(parsed.error ?? null);
        if (parsed.error === undefined) onChange(parsed.value);
      }}
    />
  );
}

export function BooleanField({ path, value, schema, onChange }: FieldProps) {
  const checked = typeof value === 'boolean' ? value : schema.default === true;

  return (
    <label className="checkbox">
      <input
        id={`input-${path}`}
        data-testid={fieldTestId(path)}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span>{checked ? 'Yes' : 'No'}</span>
    </label>
  );
}

export function EnumField({ path, schema, value, onChange, isRequired }: FieldProps) {
  const options = enumOptions(schema);
  // A missing value shows the default, which is what the server uses for it.
  const shownValue = value === undefined ? schema.default : value;
  const selectedIndex = options.findIndex((option) => option === shownValue);

  return (
    <select
      id={`input-${path}`}
      data-testid={fieldTestId(path)}
      value={selectedIndex < 0 ? '' : String(selectedIndex)}
      onChange={(event) => onChange(event.target.value === '' ? undefined : options[Number(event.target.value)])}
    >
      {(selectedIndex < 0 || (!isRequired && !('default' in schema))) && <option value="">{selectedIndex < 0 ? 'Choose…' : '(none)'}</option>}
      {options.map((option, index) => (
        <option key={index} value={String(index)}>
          {String(option)}
        </option>
      ))}
    </select>
  );
}

/** A JSON text area for schemas the form has no editor for. */
export function JsonField({ path, value, onChange, onInvalidText }: FieldProps & { onInvalidText?: (error: string | null) => void }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));

  return (
    <textarea
      id={`input-${path}`}
      data-testid={fieldTestId(path)}
      className="mono"
      rows={4}
      value={text}
      spellCheck={false}
      onChange={(event) => {
        setText(event.target.value);
        const parsed = parseJsonInput(event.target.value);
        onInvalidText?.(parsed.error ?? null);
        if (parsed.error === undefined) onChange(parsed.value);
      }}
    />
  );
}
