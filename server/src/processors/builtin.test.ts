import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinProcessorDefinitions } from './builtin.js';

describe('built-in processor definitions', () => {
  it('have unique type ids', () => {
    const types = builtinProcessorDefinitions.map((definition) => definition.type);

    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(['filter', 'map', 'set-metadata', 'split', 'dedupe', 'buffer', 'batch', 'group-by']);
  });

  it.each(builtinProcessorDefinitions.map((definition) => [definition.type, definition] as const))(
    '%s config converts to JSON Schema',
    (_type, definition) => {
      const schema = z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }) as {
        type?: string;
        properties?: Record<string, { description?: string }>;
      };

      expect(schema.type).toBe('object');
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${definition.type}.${key} has a description`).toBeTruthy();
      }
    },
  );

  it('declare only expression fields their config has', () => {
    for (const definition of builtinProcessorDefinitions) {
      const schema = z.toJSONSchema(definition.config, { io: 'input' }) as { properties: Record<string, unknown> };
      for (const field of definition.expressionFields ?? []) expect(Object.keys(schema.properties)).toContain(field);
    }
  });
});
