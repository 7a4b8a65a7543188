import { describe, expect, it } from 'vitest';
import { splitProblems, stepFormPath } from './field-errors';

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

describe('stepFormPath', () => {
  it('adds the config level to a step field', () => {
    expect(stepFormPath('processors.0.expression')).toBe('processors.0.config.expression');
    expect(stepFormPath('groupers.2.key')).toBe('groupers.2.config.key');
  });

  it('keeps type, config and other paths', () => {
    expect(stepFormPath('processors.0.type')).toBe('processors.0.type');
    expect(stepFormPath('processors.0.config.expression')).toBe('processors.0.config.expression');
    expect(stepFormPath('processors')).toBe('processors');
    expect(stepFormPath('schedule.cron')).toBe('schedule.cron');
  });

  it('files deploy problems of steps under the form path', () => {
    const { byPath } = splitProblems([{ nodeId: 'l1', field: 'processors.1.expression', message: 'bad' }]);
    expect(byPath).toEqual({ 'processors.1.config.expression': ['bad'] });
  });
});
