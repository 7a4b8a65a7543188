import type { Flow, JsonSchema } from '@databay-studio/shared';
import type { NodeTypeRegistry } from '../../registry/registry.js';

/** Text that replaces a secret in log lines and error messages. */
export const REDACTED = '[redacted]';

// Shorter values would also hide ordinary words in messages.
const MIN_SECRET_LENGTH = 4;

/** Names of the top-level config properties marked `"secret": true` in a JSON Schema. */
export function secretFields(configSchema: JsonSchema): string[] {
  const properties = (configSchema.properties ?? {}) as Record<string, { secret?: unknown }>;
  return Object.entries(properties)
    .filter(([, property]) => property?.secret === true)
    .map(([name]) => name);
}

/** The string values of a flow's secret config fields, to hide wherever they show up in text. */
export function collectSecrets(flow: Pick<Flow, 'nodes'>, registry: NodeTypeRegistry): string[] {
  const descriptors = new Map(registry.descriptors().map((descriptor) => [descriptor.id, descriptor]));
  const secrets = new Set<string>();
  for (const node of flow.nodes) {
    const descriptor = descriptors.get(node.type);
    if (!descriptor) continue;
    for (const field of secretFields(descriptor.configSchema)) {
      const value = node.config?.[field];
      if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
    }
  }
  // Longest first, so a secret that contains another one is replaced whole.
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** Returns a function that replaces every given secret in a text with REDACTED. */
export function createScrubber(secrets: string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  };
}

/** Copies a node config with its secret fields replaced by REDACTED, for logging. */
export function redactConfig(config: Record<string, unknown>, configSchema: JsonSchema): Record<string, unknown> {
  const copy = { ...config };
  for (const field of secretFields(configSchema)) {
    if (field in copy) copy[field] = REDACTED;
  }
  return copy;
}
