import type { NodeKind } from './flow.js';

/**
 * Kinds of node types. Inlets, links and outlets are canvas nodes (NodeKind); processors and
 * groupers are steps listed inside a link's or an outlet's config, never nodes of their own.
 */
export const NODE_TYPE_KINDS = ['inlet', 'link', 'outlet', 'processor', 'grouper'] as const;
export type NodeTypeKind = (typeof NODE_TYPE_KINDS)[number];

/** Kinds of node types that are steps inside a config: `processor` and `grouper`. */
export type StepKind = Exclude<NodeTypeKind, NodeKind>;

/** A JSON Schema object, as produced by zod's toJSONSchema. */
export type JsonSchema = { [key: string]: unknown };

/**
 * Description of one node type in GET /api/node-types, with what the palette needs to show it
 * and the inspector needs to render its config form.
 */
export interface NodeTypeDescriptor {
  /** Unique type id, e.g. `http-inlet`, or `acme.weather-inlet` for a plugin. */
  id: string;
  kind: NodeTypeKind;
  label: string;
  category: string;
  description: string;
  icon?: string;
  color?: string;
  /** JSON Schema of the config object. A property with `"secret": true` is masked in the UI. */
  configSchema: JsonSchema;
  /** Config a new node of this type starts with. */
  defaults: Record<string, unknown>;
  /** Origin of the type: `builtin`, or the plugin file or package that registered it. */
  source: string;
}

/** A plugin that could not be loaded, or a type that could not be registered. */
export interface NodeTypeProblem {
  source: string;
  message: string;
}

export interface NodeTypesResponse {
  nodeTypes: NodeTypeDescriptor[];
  problems: NodeTypeProblem[];
}
