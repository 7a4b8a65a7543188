import type { ReactNode } from 'react';
import type { JsonSchema } from '@databay-studio/shared';
import { useSchemaForm } from './form-context';
import { isSecretSchema } from './json-schema';

interface FieldRowProps {
  path: string;
  title: string;
  schema: JsonSchema;
  isRequired: boolean;
  /** Error found in the browser, such as a number out of range; it replaces the server's errors of this field. */
  localError?: string | null;
  /** Whether the title is a <legend> of a fieldset, for nested objects and lists. */
  isGroup?: boolean;
  children: ReactNode;
}

function isEmptyCollection(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function formatDefault(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** One labelled field: title, required mark, the editor, the help text, the default and any errors. */
export function FieldRow({ path, title, schema, isRequired, localError, isGroup, children }: FieldRowProps) {
  const { errorsByPath } = useSchemaForm();
  // A deploy problem of this field mostly repeats the browser's check in zod's words, so it shows
  // only when the browser finds nothing. Editing the field drops its deploy problems anyway.
  const errors = localError ? [localError] : (errorsByPath[path] ?? []);
  const description = typeof schema.description === 'string' && schema.description !== title.toLowerCase() ? schema.description : null;
  // A secret's default stays hidden, so that the masked input cannot be read in plain text beside it.
  // An empty list or object as default adds nothing to what the empty editor shows.
  const hasDefault = 'default' in schema && schema.default !== undefined && !isSecretSchema(schema) && !isEmptyCollection(schema.default);

  const heading = (
    <>
      {title}
      {isRequired && (
        <span className="field__required" title="Required">
          {' '}
          *
        </span>
      )}
    </>
  );

  const help = (
    <>
      {description && <p className="field__help">{description}</p>}
      {hasDefault && <p className="field__default">Default: {formatDefault(schema.default)}</p>}
      {errors.map((error, index) => (
        <p key={index} className="field__error" role="alert" data-testid={`field-error-${path}`}>
          {error}
        </p>
      ))}
    </>
  );

  if (isGroup) {
    return (
      <fieldset className={errors.length ? 'field field--group has-error' : 'field field--group'}>
        <legend>{heading}</legend>
        {help}
        {children}
      </fieldset>
    );
  }

  return (
    <div className={errors.length ? 'field has-error' : 'field'}>
      <label className="field__label" htmlFor={`input-${path}`}>
        {heading}
      </label>
      {children}
      {help}
    </div>
  );
}
