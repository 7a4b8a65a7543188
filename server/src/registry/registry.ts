import { createHash } from 'node:crypto';
import { z } from 'zod';
import { outletStepsConfigShape, type NodeTypeDescriptor, type NodeTypeKind, type NodeTypeProblem } from '@databay-studio/shared';
import type { StepDefinition } from '../processors/define-processor.js';
import type { AnyNodeTypeDefinition, NodeTypeDefinition } from './define.js';
import { guardDefinition } from './node-guard.js';
import { guardStepDefinition } from './step-guard.js';
import { validateDefinition } from './validate-definition.js';

/** Source name of the node types that ship with the studio. */
export const BUILTIN_SOURCE = 'builtin';

interface Entry {
  definition: AnyNodeTypeDefinition;
  source: string;
  descriptor: NodeTypeDescriptor;
  revision: string;
}

export interface RegisterOptions {
  /**
   * Fingerprint of the code behind the definition, e.g. a hash of the plugin file. Mixed into
   * the type's revision so that an edit outside `create` still marks deployed flows stale.
   */
  codeHash?: string;
}

/** A definition with the source it is registered under, as the plugin loader returns it. */
export interface SourcedDefinition {
  definition: AnyNodeTypeDefinition;
  source: string;
  codeHash?: string;
}

/**
 * All node types the studio can deploy, built-in and from plugins, by type id.
 * A registration that fails is kept as a problem so that every other type goes on working.
 */
export class NodeTypeRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly extraDescriptors = new Map<string, NodeTypeDescriptor>();
  readonly problems: NodeTypeProblem[] = [];

  /**
   * Adds a definition after checking it. An invalid definition or a duplicate type id is
   * recorded as a problem (a duplicate names both sources) and false is returned.
   */
  register(definition: AnyNodeTypeDefinition, source: string, options: RegisterOptions = {}): boolean {
    const invalid = validateDefinition(definition);
    if (invalid.length > 0) {
      const type = (definition as { type?: unknown } | null)?.type;
      const named = typeof type === 'string' && type !== '' ? `Node type "${type}"` : 'A node type';
      this.problems.push({ source, message: `${named} from ${source} is invalid: ${invalid.join('; ')}.` });
      return false;
    }

    const existing = this.entries.get(definition.type) ?? this.extraDescriptors.get(definition.type);
    if (existing) {
      const existingSource = 'source' in existing ? existing.source : BUILTIN_SOURCE;
      this.problems.push({
        source,
        message: `Node type "${definition.type}" from ${source} is already registered by ${existingSource}: give it another type id.`,
      });
      return false;
    }
    const descriptor = describe(definition, source);
    const revision = revisionOf(definition, descriptor, options.codeHash);
    // Plugin definitions are stored guarded, so that every caller of `create` gets errors naming the plugin.
    let stored = definition;
    if (source !== BUILTIN_SOURCE) {
      stored = isNodeDefinition(definition) ? guardDefinition(definition, source) : guardStepDefinition(definition, source);
    }
    this.entries.set(definition.type, { definition: stored, source, descriptor, revision });
    return true;
  }

  /**
   * Swaps every plugin type for the given ones, in place, so that code holding this registry gets
   * the new set. Built-in types, extra descriptors and their problems stay; plugin problems are
   * replaced by `problems` followed by those that registering the definitions records.
   */
  replacePlugins(definitions: SourcedDefinition[], problems: NodeTypeProblem[] = []): void {
    for (const [type, entry] of this.entries) {
      if (entry.source !== BUILTIN_SOURCE) this.entries.delete(type);
    }
    const builtinProblems = this.problems.filter((problem) => problem.source === BUILTIN_SOURCE);
    this.problems.splice(0, this.problems.length, ...builtinProblems, ...problems);

    for (const { definition, source, codeHash } of definitions) {
      this.register(definition, source, { codeHash });
    }
  }

  /**
   * Fingerprint of a type's current definition: its descriptor, its `create` source and the
   * code hash given at registration. Compare it with the one captured at deploy to find stale flows.
   */
  revisionOf(type: string): string | undefined {
    return this.entries.get(type)?.revision;
  }

  /** Returns every registered definition with its source, built-in types first. */
  definitions(): { definition: AnyNodeTypeDefinition; source: string }[] {
    return [...this.entries.values()].map(({ definition, source }) => ({ definition, source }));
  }

  /** Adds a descriptor for a type that has no definition of its own, such as `link`. */
  registerDescriptor(descriptor: NodeTypeDescriptor): void {
    this.extraDescriptors.set(descriptor.id, descriptor);
  }

  /** Returns the inlet or outlet type with this id, or undefined for a processor or grouper type. */
  get(type: string): NodeTypeDefinition | undefined {
    const definition = this.entries.get(type)?.definition;
    return definition && isNodeDefinition(definition) ? definition : undefined;
  }

  /** Returns the processor or grouper type with this id, or undefined for an inlet or outlet type. */
  getStep(type: string): StepDefinition | undefined {
    const definition = this.entries.get(type)?.definition;
    return definition && !isNodeDefinition(definition) ? definition : undefined;
  }

  sourceOf(type: string): string | undefined {
    return this.entries.get(type)?.source ?? this.extraDescriptors.get(type)?.source;
  }

  kindOf(type: string): NodeTypeKind | undefined {
    return this.entries.get(type)?.definition.kind ?? this.extraDescriptors.get(type)?.kind;
  }

  descriptors(): NodeTypeDescriptor[] {
    return [...this.extraDescriptors.values(), ...[...this.entries.values()].map((entry) => entry.descriptor)];
  }
}

function isNodeDefinition(definition: AnyNodeTypeDefinition): definition is NodeTypeDefinition {
  return definition.kind === 'inlet' || definition.kind === 'outlet';
}

function revisionOf(definition: AnyNodeTypeDefinition, descriptor: NodeTypeDescriptor, codeHash = ''): string {
  return createHash('sha256')
    .update(JSON.stringify(descriptor))
    .update('\0')
    .update(String(definition.create))
    .update('\0')
    .update(codeHash)
    .digest('hex')
    .slice(0, 16);
}

/** Builds what the palette and inspector need from a definition. */
export function describe(definition: AnyNodeTypeDefinition, source: string): NodeTypeDescriptor {
  const configSchema = z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete configSchema.$schema;
  if (definition.kind === 'outlet') addOutletSteps(configSchema);
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

let outletStepsProperty: unknown;

/**
 * Adds the `processors` key that every outlet's config has, whatever its own schema, so the
 * inspector shows it. An outlet type that declares `processors` itself keeps its own.
 */
function addOutletSteps(configSchema: Record<string, unknown>): void {
  outletStepsProperty ??= (
    z.toJSONSchema(z.object(outletStepsConfigShape), { io: 'input' }) as { properties: Record<string, unknown> }
  ).properties.processors;
  const properties = (configSchema.properties ?? {}) as Record<string, unknown>;
  if ('processors' in properties) return;
  configSchema.properties = { ...properties, processors: outletStepsProperty };
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
