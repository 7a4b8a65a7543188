import { z } from 'zod';
import { linkConfigSchema, type NodeTypeDescriptor } from '@databay-studio/shared';
import { BUILTIN_SOURCE, defaultsOf, type NodeTypeRegistry } from '../../registry/registry.js';

/** Type id of the link node; it has no definition because the studio builds links itself. */
export const LINK_NODE_TYPE = 'link';

/** Builds the palette and inspector entry of the `link` node type from linkConfigSchema. */
export function linkDescriptor(): NodeTypeDescriptor {
  const configSchema = z.toJSONSchema(linkConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete configSchema.$schema;
  return {
    id: LINK_NODE_TYPE,
    kind: 'link',
    label: 'Link',
    category: 'Links',
    description: 'Runs a transfer from its inlets to its outlets on an interval; each transfer carries an update tags.N.',
    icon: 'link',
    configSchema,
    defaults: defaultsOf(configSchema),
    source: BUILTIN_SOURCE,
  };
}

/** Adds the `link` node type to a registry unless it is there already. */
export function registerLinkNodeType(registry: NodeTypeRegistry): void {
  if (registry.kindOf(LINK_NODE_TYPE) === undefined) registry.registerDescriptor(linkDescriptor());
}
