import { describe, expect, it } from 'vitest';
import { splitProblems } from './field-errors';

describe('splitProblems', () => {
  it('maps config fields to paths and keeps node problems apart', () => {
    const { byPath, general } = splitProblems([
      { nodeId: 'in1', field: 'url', message: 'Invalid URL' },
      { nodeId: 'in1', field: 'config.retry.attempts', message: 'Too small' },
      { nodeId: 'in1', field: '/config/headers/a', message: 'Bad header' },
      { nodeId: 'in1', field: 'type', message: 'Unknown node type' },
      { nodeId: 'in1', message: 'No link' },
    ]);

    expect(byPath).toEqual({ url: ['Invalid URL'], 'retry.attempts': ['Too small'], 'headers.a': ['Bad header'] });
    expect(general).toEqual(['Unknown node type', 'No link']);
  });
});
