import { z } from 'zod';

export const NODE_KINDS = ['inlet', 'link', 'outlet'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const positionSchema = z.object({ x: z.number(), y: z.number() });

export const flowNodeSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(NODE_KINDS),
  type: z.string().min(1),
  position: positionSchema,
  /** Options of the node type, under the engine's option names. Checked against the node type on deploy. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Optional display name; the canvas shows the node type's label when it is missing. */
  label: z.string().optional(),
});

export const flowEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
});

/** A flow as the client sends it: no id or version yet, or the ones it last read. */
export const flowInputSchema = z.object({
  name: z.string().trim().min(1, 'A flow needs a name.').max(200),
  nodes: z.array(flowNodeSchema).default([]),
  edges: z.array(flowEdgeSchema).default([]),
});

export const flowSchema = flowInputSchema.extend({
  id: z.string().min(1),
  /** Rises by one on every save; a save that carries an older version is rejected. */
  version: z.number().int().min(1),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** Body of PUT /api/flows/:id. */
export const flowUpdateSchema = flowInputSchema.extend({
  version: z.number().int().min(1),
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowInput = z.input<typeof flowInputSchema>;
export type Flow = z.infer<typeof flowSchema>;
export type FlowUpdate = z.input<typeof flowUpdateSchema>;

/** One row of GET /api/flows. */
export interface FlowSummary {
  id: string;
  name: string;
  version: number;
  deployed: boolean;
  /** Version that is running, when deployed. */
  deployedVersion?: number;
  /**
   * Node types of the running flow whose definition changed or disappeared since it was deployed;
   * present only when deployed.
   */
  staleTypes?: string[];
  updatedAt?: string;
}
