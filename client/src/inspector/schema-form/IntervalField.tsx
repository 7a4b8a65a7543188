import { useState } from 'react';
import { describeInterval, INTERVAL_UNITS, type IntervalUnit } from '@databay-studio/shared';
import { fieldTestId, type FieldProps } from './form-context';
import { checkInterval, intervalFromParts, intervalParts } from './interval-value';
import { coerceNumberInput, withProperty } from './values';

/**
 * Edits an interval given as milliseconds or as an object of time units. It shows one amount with
 * a unit picker, or one field per unit when the interval mixes units.
 */
export function IntervalField({ path, value, onChange }: FieldProps) {
  const parts = intervalParts(value);
  const [isMultiUnit, setMultiUnit] = useState(parts === null && value !== undefined);
  const [amountText, setAmountText] = useState(parts ? String(parts.amount) : '');
  const check = value === undefined ? null : checkInterval(value);

  const unit: IntervalUnit = parts?.unit ?? 'seconds';
  const units = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

  return (
    <div className="interval-field">
      {isMultiUnit ? (
        <div className="interval-field__units">
          {INTERVAL_UNITS.map((name) => (
            <label key={name} className="interval-field__unit">
              <input
                data-testid={fieldTestId(`${path}.${name}`)}
                type="text"
                inputMode="decimal"
                defaultValue={typeof units[name] === 'number' ? String(units[name]) : ''}
                onChange={(event) => {
                  const parsed = coerceNumberInput(event.target.value, false);
                  if (parsed.error === undefined) onChange(withProperty(typeof value === 'number' ? {} : units, name, parsed.value));
                }}
              />
              <span>{name}</span>
            </label>
          ))}
        </div>
      ) : (
        <div className="interval-field__single">
          <input
            id={`input-${path}`}
            data-testid={fieldTestId(path)}
            type="text"
            inputMode="decimal"
            value={amountText}
            onChange={(event) => {
              setAmountText(event.target.value);
              const parsed = coerceNumberInput(event.target.value, false);
              if (parsed.error === undefined && parsed.value !== undefined) onChange(intervalFromParts({ amount: parsed.value, unit }));
            }}
          />
          <select
            aria-label="Unit"
            data-testid={fieldTestId(`${path}.unit`)}
            value={unit}
            onChange={(event) => {
              const amount = parts?.amount ?? Number(amountText || 0);
              onChange(intervalFromParts({ amount, unit: event.target.value as IntervalUnit }));
            }}
          >
            {INTERVAL_UNITS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="interval-field__footer">
        {check?.error ? (
          <span className="field__error">{check.error}</span>
        ) : (
          check?.ms !== undefined && <span className="muted">{describeInterval(check.ms)}</span>
        )}
        <button
          type="button"
          className="button button--link"
          onClick={() => {
            if (isMultiUnit) {
              const single = intervalParts(value);
              const ms = checkInterval(value).ms;
              const next = single ?? (ms !== undefined ? intervalParts(ms) : null);
              if (next) {
                setAmountText(String(next.amount));
                onChange(intervalFromParts(next));
              }
            }
            setMultiUnit(!isMultiUnit);
          }}
        >
          {isMultiUnit ? 'One unit' : 'Mixed units'}
        </button>
      </div>
    </div>
  );
}
