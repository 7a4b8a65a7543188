import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.js';
import { createError, deployInvalidError, studioErrors, validationError, type StudioErrorCode } from './errors.js';

const expected: Record<StudioErrorCode, { status: number; args: unknown[]; message: string }> = {
  DBS_VALIDATION: {
    status: 400,
    args: ['body', [{ field: 'name', message: 'A flow needs a name.' }]],
    message: 'Invalid request body: field "name": A flow needs a name. Fix the named fields and send the request again.',
  },
  DBS_REQUEST_INVALID: {
    status: 400,
    args: ['Body is not valid JSON'],
    message: 'Invalid request: Body is not valid JSON. Send a JSON body with the Content-Type application/json.',
  },
  DBS_ROUTE_NOT_FOUND: {
    status: 404,
    args: ['GET', '/api/nope'],
    message: 'Route GET /api/nope not found: see docs/api.md for the routes of the API.',
  },
  DBS_FLOW_NOT_FOUND: {
    status: 404,
    args: ['f1'],
    message: 'Flow "f1" not found: check the id, or list the flows with GET /api/flows.',
  },
  DBS_FLOW_VERSION_CONFLICT: {
    status: 409,
    args: ['f1', 2, 5],
    message: 'Flow "f1" is at version 5, but the request carries version 2: load the flow again, redo the changes, and save with version 5.',
  },
  DBS_DEPLOY_INVALID: {
    status: 422,
    args: ['Weather to file', 3],
    message: 'Flow "Weather to file" cannot be deployed: 3 problems, listed in "errors". Fix them and deploy again.',
  },
  DBS_FLOW_NOT_DEPLOYED: {
    status: 409,
    args: ['f1'],
    message: 'Flow "f1" is not deployed: deploy it with POST /api/flows/f1/deploy first.',
  },
  DBS_LINK_NOT_FOUND: {
    status: 404,
    args: ['f1', 'l9'],
    message: 'Link "l9" not found in the deployed version of flow "f1": deploy the flow again if you added the link since.',
  },
  DBS_PREVIEW_LINK_NOT_FOUND: {
    status: 404,
    args: ['f1', 'l9'],
    message: 'Link "l9" not found in flow "f1": preview a link node of the flow, or send the flow you edit as "flow".',
  },
  DBS_EXAMPLE_NOT_FOUND: {
    status: 404,
    args: ['nope'],
    message: 'Example "nope" not found: list the examples with GET /api/examples.',
  },
  DBS_INTERNAL: {
    status: 500,
    args: ['disk full'],
    message: 'Internal error: disk full. The server log has the details.',
  },
};

describe('error catalogue', () => {
  it('pins every code, status and message', () => {
    expect(Object.keys(studioErrors).sort()).toEqual(Object.keys(expected).sort());
    for (const [code, entry] of Object.entries(expected) as [StudioErrorCode, (typeof expected)[StudioErrorCode]][]) {
      const error = (createError as (code: StudioErrorCode, ...args: unknown[]) => ReturnType<typeof createError>)(code, ...entry.args);
      expect(error.code).toBe(code);
      expect(error.statusCode, code).toBe(entry.status);
      expect(error.message, code).toBe(entry.message);
    }
  });

  it('every code is documented in docs/api.md', () => {
    const docs = readFileSync(path.join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
    for (const code of Object.keys(studioErrors)) expect(docs, code).toContain(code);
  });

  it('validation error lists fields', () => {
    const error = validationError('query', [{ path: ['limit'], message: 'Too small' }, { path: [], message: 'Bad' }]);
    expect(error.statusCode).toBe(400);
    expect(error.details.fields).toEqual([
      { field: 'limit', message: 'Too small' },
      { field: '(root)', message: 'Bad' },
    ]);
  });

  it('deploy error carries problems and singular count', () => {
    const error = deployInvalidError({ id: 'f1', name: 'Weather' }, [{ nodeId: 'n1', message: 'broken' }]);
    expect(error.statusCode).toBe(422);
    expect(error.message).toContain('1 problem,');
    expect(error.details.errors).toEqual([{ nodeId: 'n1', message: 'broken' }]);
  });

  it('deploy error names flow, body has id', () => {
    const error = deployInvalidError({ id: 'f1', name: 'Weather' }, []);
    expect(error.message).toMatch(/^Flow "Weather" cannot be deployed/);
    expect(error.message).not.toContain('f1');
    expect(error.details.flowId).toBe('f1');
  });
});
