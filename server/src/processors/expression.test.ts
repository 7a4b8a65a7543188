import { describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { ProcessorErrorCode } from './errors.js';
import { compileExpression, findExpressionSyntaxError } from './expression.js';

const site = { type: 'map', field: 'expression' };

describe('compileExpression', () => {
  it('evaluates against payload and metadata', async () => {
    const expression = compileExpression('payload.a & "-" & metadata.b', site);

    expect(await expression.evaluate(new DataRecord({ a: 'x' }, { b: 'y' }))).toBe('x-y');
  });

  it('stops a recursion that never ends', async () => {
    const expression = compileExpression('($loop := function($x) { $loop($x + 1) }; $loop(0))', site, { timeoutMs: 200 });

    const error = (await expression.evaluate(new DataRecord({ id: 7 })).catch((caught: unknown) => caught)) as Error;

    expect(error).toMatchObject({ code: ProcessorErrorCode.expressionFailed });
    expect(error.message).toContain('code D1012');
    expect(error.message).toContain('{"id":7}');
  });
});

describe('findExpressionSyntaxError', () => {
  it('returns nothing for a valid expression', () => {
    expect(findExpressionSyntaxError('$sum(payload.values)')).toBeUndefined();
  });

  it('rejects an empty expression', () => {
    expect(findExpressionSyntaxError('  ')).toContain('empty');
  });

  it('gives code, position and token', () => {
    expect(findExpressionSyntaxError('payload.(')).toBe('Expected ")" before end of expression (code S0203, position 9, token "(end)")');
  });
});
