import { useMemo, useState } from 'react';
import type { NodeTypeDescriptor } from '@databay-studio/shared';
import { fieldTestId, SchemaFormContext, useSchemaForm, type FieldProps } from './form-context';
import { ObjectFields } from './object-fields';
import { fillDefaults } from './values';

interface Step {
  type: string;
  config: Record<string, unknown>;
}

function asSteps(value: unknown): Step[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const step = (entry ?? {}) as Partial<Step>;
    return { type: typeof step.type === 'string' ? step.type : '', config: step.config && typeof step.config === 'object' ? step.config : {} };
  });
}

/** The step kind a list holds, from its property name: `groupers` holds groupers, other lists processors. */
function stepKindOf(path: string): string {
  return path.split('.').pop() === 'groupers' ? 'grouper' : 'processor';
}

/**
 * Edits a list of processor or grouper steps: each step picks a registered type and gets a form
 * from that type's schema; steps can be added, removed and moved, and run in list order.
 */
export function StepListField({ path, value, onChange }: FieldProps) {
  const { stepTypes } = useSchemaForm();
  const kind = stepKindOf(path);
  const types = stepTypes(kind);
  const steps = asSteps(value);
  const [newType, setNewType] = useState('');
  const chosenType = newType || types[0]?.id || '';

  const replaceAt = (index: number, step: Step) => onChange(steps.map((entry, position) => (position === index ? step : entry)));
  const removeAt = (index: number) => onChange(steps.filter((_entry, position) => position !== index));
  const move = (index: number, offset: number) => {
    const target = index + offset;
    if (target < 0 || target >= steps.length) return;
    const next = steps.slice();
    [next[index], next[target]] = [next[target], next[index]];
    onChange(next);
  };
  const stepFor = (typeId: string): Step => {
    const nodeType = types.find((entry) => entry.id === typeId);
    return { type: typeId, config: nodeType ? fillDefaults(nodeType.configSchema, structuredClone(nodeType.defaults ?? {})) : {} };
  };

  return (
    <div className="step-list" data-testid={fieldTestId(path)}>
      {steps.length === 0 && <p className="muted">No {kind}s. Records pass through unchanged.</p>}
      {steps.map((step, index) => (
        <StepItem
          key={index}
          path={`${path}.${index}`}
          step={step}
          index={index}
          count={steps.length}
          types={types}
          onTypeChange={(typeId) => replaceAt(index, stepFor(typeId))}
          onConfigChange={(config) => replaceAt(index, { ...step, config })}
          onMove={(offset) => move(index, offset)}
          onRemove={() => removeAt(index)}
        />
      ))}
      {types.length === 0 ? (
        <p className="muted">No {kind} types are registered.</p>
      ) : (
        <div className="step-list__add">
          <select aria-label={`New ${kind} type`} data-testid={`${fieldTestId(path)}-new-type`} value={chosenType} onChange={(event) => setNewType(event.target.value)}>
            {types.map((nodeType) => (
              <option key={nodeType.id} value={nodeType.id} title={nodeType.description}>
                {nodeType.label}
              </option>
            ))}
          </select>
          <button type="button" className="button button--small" data-testid={`${fieldTestId(path)}-add`} onClick={() => onChange([...steps, stepFor(chosenType)])}>
            + Add {kind}
          </button>
        </div>
      )}
    </div>
  );
}

interface StepItemProps {
  path: string;
  step: Step;
  index: number;
  count: number;
  types: NodeTypeDescriptor[];
  onTypeChange: (typeId: string) => void;
  onConfigChange: (config: Record<string, unknown>) => void;
  onMove: (offset: number) => void;
  onRemove: () => void;
}

function StepItem({ path, step, index, count, types, onTypeChange, onConfigChange, onMove, onRemove }: StepItemProps) {
  const outer = useSchemaForm();
  const nodeType = types.find((entry) => entry.id === step.type);
  // Deploy problems on the step itself, such as an unregistered type; config fields show their own.
  const stepErrors = [...(outer.errorsByPath[`${path}.type`] ?? []), ...(outer.errorsByPath[`${path}.config`] ?? [])];
  const hasFieldError = Object.keys(outer.errorsByPath).some((errorPath) => errorPath.startsWith(`${path}.`));
  // The step's config form resolves `$ref`s against its own type's schema, not the node's.
  const context = useMemo(() => ({ ...outer, root: nodeType?.configSchema ?? {} }), [outer, nodeType]);

  return (
    <div className={hasFieldError ? 'step-list__item has-error' : 'step-list__item'} data-testid={fieldTestId(path)}>
      <div className="step-list__header">
        <span className="step-list__index">{index + 1}</span>
        <select aria-label="Step type" data-testid={fieldTestId(`${path}.type`)} value={step.type} onChange={(event) => onTypeChange(event.target.value)}>
          {!nodeType && <option value={step.type}>{step.type ? `${step.type} (not registered)` : 'Choose…'}</option>}
          {types.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
        <button type="button" className="button button--small button--ghost" aria-label="Move up" data-testid={`${fieldTestId(path)}-up`} disabled={index === 0} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="button button--small button--ghost" aria-label="Move down" data-testid={`${fieldTestId(path)}-down`} disabled={index === count - 1} onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="button button--small button--ghost" aria-label={`Remove step ${index + 1}`} data-testid={`${fieldTestId(path)}-remove`} onClick={onRemove}>
          ✕
        </button>
      </div>
      {stepErrors.map((error, index) => (
        <p key={index} className="field__error" role="alert" data-testid={`field-error-${path}.type`}>
          {error}
        </p>
      ))}
      {nodeType?.description && <p className="field__help">{nodeType.description}</p>}
      {nodeType && (
        <SchemaFormContext.Provider value={context}>
          <ObjectFields path={`${path}.config`} schema={nodeType.configSchema} value={step.config} onChange={(next) => onConfigChange(next as Record<string, unknown>)} />
        </SchemaFormContext.Provider>
      )}
    </div>
  );
}
