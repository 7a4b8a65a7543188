import { useState } from 'react';
import { branchLabel, matchBranch, unionBranches } from './json-schema';
import { fieldTestId, useSchemaForm, type FieldProps } from './form-context';
import { SchemaField } from './SchemaField';
import { initialValue } from './values';

/** A value that may take one of several shapes: a picker for the shape, then that shape's editor. */
export function UnionField({ path, schema, value, onChange }: FieldProps) {
  const { root } = useSchemaForm();
  const branches = unionBranches(schema);
  const [branchIndex, setBranchIndex] = useState(() => matchBranch(branches, value));
  const branch = branches[branchIndex] ?? {};

  const pickBranch = (index: number) => {
    setBranchIndex(index);
    onChange(convertBetweenBranches(value, initialValue(branches[index] ?? {}, root)));
  };

  return (
    <div className="union-field">
      <select
        className="union-field__picker"
        aria-label="Value shape"
        data-testid={`${fieldTestId(path)}-shape`}
        value={branchIndex}
        onChange={(event) => pickBranch(Number(event.target.value))}
      >
        {branches.map((entry, index) => (
          <option key={index} value={index}>
            {branchLabel(entry, index)}
          </option>
        ))}
      </select>
      <SchemaField key={branchIndex} path={path} schema={branch} value={value} onChange={onChange} />
    </div>
  );
}

// Switching between a string and a list of strings keeps the text the user typed.
function convertBetweenBranches(value: unknown, fresh: unknown): unknown {
  if (typeof value === 'string' && Array.isArray(fresh)) return value ? [value] : [];
  if (Array.isArray(value) && typeof fresh === 'string') return value.filter((item) => typeof item === 'string').join(',');
  return fresh;
}
