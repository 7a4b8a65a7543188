import { useMemo } from 'react';
import type { FlowProblem, JsonSchema } from '@databay-studio/shared';
import { useStudio } from '../store/studio-store';
import { FlowSummaryPanel } from './FlowSummaryPanel';
import { splitProblems } from './field-errors';
import { HistoryPanel } from './history/HistoryPanel';
import { LinkPreviewSection } from './preview/LinkPreviewSection';
import { LinkScheduleEditor } from './schedule/LinkScheduleEditor';
import { SCHEDULE_CONFIG_KEYS } from './schedule/schedule-form';
import { SchemaForm } from './schema-form/SchemaForm';
import { JsonField } from './schema-form/scalar-fields';

const NO_PROBLEMS: FlowProblem[] = [];

/** Removes the keys the schedule editor shows from a link's config schema, for the generic form. */
function withoutScheduleKeys(schema: JsonSchema): JsonSchema {
  const properties = { ...((schema.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  for (const key of SCHEDULE_CONFIG_KEYS) delete properties[key];
  const required = Array.isArray(schema.required) ? schema.required.filter((key: string) => !SCHEDULE_CONFIG_KEYS.includes(key as never)) : undefined;
  return { ...schema, properties, ...(required ? { required } : {}) };
}

/** The right-hand panel: the selected node's id, label and config form, or the flow summary. */
export function Inspector() {
  const selectedNodeId = useStudio((state) => state.selectedNodeId);
  const node = useStudio((state) => (state.selectedNodeId ? state.nodes.find((entry) => entry.id === state.selectedNodeId) : undefined));
  const nodeType = useStudio((state) => (node ? state.nodeTypeLookup[node.data.type] : undefined));
  const problems = useStudio((state) => (selectedNodeId ? (state.deployErrorsByNode[selectedNodeId] ?? NO_PROBLEMS) : NO_PROBLEMS));
  const nodeTypes = useStudio((state) => state.nodeTypes);
  const updateNodeConfig = useStudio((state) => state.updateNodeConfig);
  const setNodeLabel = useStudio((state) => state.setNodeLabel);
  const { byPath, general } = useMemo(() => splitProblems(problems), [problems]);
  const isLink = node?.data.kind === 'link';
  const formSchema = useMemo(
    () => (nodeType && isLink ? withoutScheduleKeys(nodeType.configSchema) : nodeType?.configSchema),
    [nodeType, isLink],
  );

  if (!node) {
    return (
      <aside className="inspector" data-testid="inspector">
        <FlowSummaryPanel />
      </aside>
    );
  }

  return (
    <aside className="inspector" data-testid="inspector">
      <header className={`inspector__header inspector__header--${node.data.kind}`}>
        <span className="inspector__kind">{node.data.kind}</span>
        <h2>{nodeType?.label ?? node.data.type}</h2>
        <code className="inspector__id" data-testid="inspector-node-id">
          {node.id}
        </code>
      </header>
      {nodeType?.description && <p className="inspector__description">{nodeType.description}</p>}

      <div className="field">
        <label className="field__label" htmlFor="inspector-label">
          Label
        </label>
        <input
          id="inspector-label"
          data-testid="inspector-label"
          value={node.data.label ?? ''}
          placeholder={nodeType?.label ?? node.data.type}
          onChange={(event) => setNodeLabel(node.id, event.target.value)}
        />
      </div>

      {general.length > 0 && (
        <ul className="inspector__errors" role="alert">
          {general.map((message, index) => (
            <li key={index}>{message}</li>
          ))}
        </ul>
      )}

      {isLink && nodeType && (
        <>
          <h3 className="inspector__section">Schedule</h3>
          <LinkScheduleEditor key={node.id} config={node.data.config} errorsByPath={byPath} onChange={(config) => updateNodeConfig(node.id, config)} />
        </>
      )}

      <h3 className="inspector__section">Options</h3>
      {nodeType && formSchema ? (
        <SchemaForm
          key={node.id}
          schema={formSchema}
          value={node.data.config}
          errorsByPath={byPath}
          nodeTypes={nodeTypes}
          onChange={(config) => updateNodeConfig(node.id, config)}
        />
      ) : (
        <>
          <p className="field__error">Node type "{node.data.type}" is not registered; its config is shown as JSON.</p>
          <JsonField key={node.id} path="config" schema={{}} value={node.data.config} onChange={(config) => updateNodeConfig(node.id, (config ?? {}) as Record<string, unknown>)} />
        </>
      )}
      {isLink && <LinkPreviewSection linkId={node.id} />}
      {isLink && <HistoryPanel linkId={node.id} />}
      {nodeType && <p className="inspector__source muted">From {nodeType.source}</p>}
    </aside>
  );
}
