import { describe, expect, it } from 'vitest';
import type { NodeTypeDescriptor } from '@databay-studio/shared';
import { groupNodeTypes } from './group-node-types';

const nodeType = (id: string, kind: NodeTypeDescriptor['kind'], category: string, label = id): NodeTypeDescriptor => ({
  id,
  kind,
  label,
  category,
  description: `Reads ${id}`,
  configSchema: {},
  defaults: {},
  source: 'builtin',
});

const types = [
  nodeType('csv-outlet', 'outlet', 'Files', 'CSV file'),
  nodeType('http-inlet', 'inlet', 'Web', 'HTTP request'),
  nodeType('file-inlet', 'inlet', 'Files', 'File'),
  nodeType('link', 'link', 'Core', 'Link'),
  nodeType('csv-inlet', 'inlet', 'Files', 'CSV file'),
];

describe('groupNodeTypes', () => {
  it('orders kinds inlet, link, outlet and sorts categories and labels', () => {
    const groups = groupNodeTypes(types);

    expect(groups.map((group) => group.title)).toEqual(['Inlets', 'Links', 'Outlets']);
    expect(groups[0].categories.map((entry) => entry.category)).toEqual(['Files', 'Web']);
    expect(groups[0].categories[0].nodeTypes.map((entry) => entry.id)).toEqual(['csv-inlet', 'file-inlet']);
  });

  it('filters by search text and drops empty kinds', () => {
    const groups = groupNodeTypes(types, 'http');

    expect(groups).toHaveLength(1);
    expect(groups[0].categories[0].nodeTypes.map((entry) => entry.id)).toEqual(['http-inlet']);
  });
});
