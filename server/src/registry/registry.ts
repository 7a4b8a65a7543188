import { z } from 'zod';
import type { NodeKind, NodeTypeDescriptor, NodeTypeProblem } from '@databay-studio/shared';
import type { NodeTypeDefinition } from './define.js';

/** Source name of the node types that ship with the studio. */
export const BUILTIN_SOURCE = 'builtin';

interface Entry {
  definition: NodeTypeDefinition;
  source: string;
  descriptor: NodeTypeDescriptor;
}

/**
 * All node types the studio can deploy, built-in and from plugins, by type id.
 * A registration that fails is kept as a problem so that every other type goes on working.
 */
export class NodeTypeRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly extraDescriptors = new Map<string, NodeTypeDescriptor>();
  readonly problems: NodeTypeProblem[] = [];

  /** Adds a definition; a duplicate type id is recorded as a problem naming both sources. */
  register(definition: NodeTypeDefinition, source: string): boolean {
    const existing = this.entries.get(definition.type) ?? this.extraDescriptors.get(definition.type);
    if (existing) {
      const existingSource = 'source' in existing ? existing.source : BUILTIN_SOURCE;
      this.problems.push({
        source,
        message: `Node type "${definition.type}" from ${source} is already registered by ${existingSource}: give it another type id.`,
      });
      return false;
    }
    this.entries.set(definition.type, { definition, source, descriptor: describe(definition, source) });
    return true;
  }

  /** Adds a descriptor for a type that has no definition of its own, such as `link`. */
  registerDescriptor(descriptor: NodeTypeDescriptor): void {
    this.extraDescriptors.set(descriptor.id, descriptor);
  }

  get(type: string): NodeTypeDefinition | undefined {
    return this.entries.get(type)?.definition;
  }

  sourceOf(type: string): string | undefined {
    return this.entries.get(type)?.source ?? this.extraDescriptors.get(type)?.source;
  }

  kindOf(type: string): NodeKind | undefined {
    return this.entries.get(type)?.definition.kind ?? this.extraDescriptors.get(type)?.kind;
  }

  descriptors(): NodeTypeDescriptor[] {
    return [...this.extraDescriptors.values(), ...[...this.entries.values()].map((entry) => entry.descriptor)];
  }
}

/** Builds what the palette and inspector need from a definition. */
export function describe(definition: NodeTypeDefinition, source: string): NodeTypeDescriptor {
  const configSchema = z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete configSchema.$schema;
  return {
    id: definition.type,
    kind: definition.kind,
    label: definition.label,
    category: definition.category,
    description: definition.description,
    icon: definition.icon,
    color: definition.color,
    configSchema,
    defaults: defaultsOf(configSchema),
    source,
  };
}

/** Collects the `default` of each top-level property of an object JSON Schema. */
export function defaultsOf(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { default?: unknown }>;
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (property && 'default' in property) defaults[key] = property.default;
  }
  return defaults;
}
