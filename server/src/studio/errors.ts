import type { FlowProblem } from '@databay-studio/shared';

/** One field a request body or query got wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Every error the studio's API returns: a stable code grouped by area, the HTTP status, and a
 * message that quotes the bad value and names the remedy.
 */
export const studioErrors = {
  DBS_VALIDATION: {
    status: 400,
    message: (where: string, problems: FieldProblem[]) =>
      `Invalid request ${where}: ${problems.map((problem) => `field "${problem.field}": ${problem.message.replace(/\.$/, '')}`).join('; ')}. Fix the named fields and send the request again.`,
  },
  DBS_REQUEST_INVALID: {
    status: 400,
    message: (reason: string) => `Invalid request: ${reason}. Send a JSON body with the Content-Type application/json.`,
  },
  DBS_ROUTE_NOT_FOUND: {
    status: 404,
    message: (method: string, url: string) => `Route ${method} ${url} not found: see docs/api.md for the routes of the API.`,
  },
  DBS_FLOW_NOT_FOUND: {
    status: 404,
    message: (flowId: string) => `Flow "${flowId}" not found: check the id, or list the flows with GET /api/flows.`,
  },
  DBS_FLOW_VERSION_CONFLICT: {
    status: 409,
    message: (flowId: string, sent: number, current: number) =>
      `Flow "${flowId}" is at version ${current}, but the request carries version ${sent}: load the flow again, redo the changes, and save with version ${current}.`,
  },
  DBS_DEPLOY_INVALID: {
    status: 422,
    message: (flowName: string, count: number) =>
      `Flow "${flowName}" cannot be deployed: ${count} ${count === 1 ? 'problem' : 'problems'}, listed in "errors". Fix them and deploy again.`,
  },
  DBS_FLOW_NOT_DEPLOYED: {
    status: 409,
    message: (flowId: string) => `Flow "${flowId}" is not deployed: deploy it with POST /api/flows/${flowId}/deploy first.`,
  },
  DBS_LINK_NOT_FOUND: {
    status: 404,
    message: (flowId: string, linkId: string) =>
      `Link "${linkId}" not found in the deployed version of flow "${flowId}": deploy the flow again if you added the link since.`,
  },
  DBS_PREVIEW_LINK_NOT_FOUND: {
    status: 404,
    message: (flowId: string, linkId: string) =>
      `Link "${linkId}" not found in flow "${flowId}": preview a link node of the flow, or send the flow you edit as "flow".`,
  },
  DBS_EXAMPLE_NOT_FOUND: {
    status: 404,
    message: (exampleId: string) => `Example "${exampleId}" not found: list the examples with GET /api/examples.`,
  },
  DBS_INTERNAL: {
    status: 500,
    message: (reason: string) => `Internal error: ${reason}. The server log has the details.`,
  },
} as const;

export type StudioErrorCode = keyof typeof studioErrors;

type MessageArgs<Code extends StudioErrorCode> = Parameters<(typeof studioErrors)[Code]['message']>;

/** An error the API turns into `{ statusCode, code, error, message }` and, when set, `flowId`, `errors` or `fields`. */
export class StudioError extends Error {
  override name = 'StudioError';
  readonly statusCode: number;

  constructor(
    readonly code: StudioErrorCode,
    message: string,
    readonly details: { flowId?: string; errors?: FlowProblem[]; fields?: FieldProblem[] } = {},
  ) {
    super(message);
    this.statusCode = studioErrors[code].status;
  }
}

/** Creates the catalogue's error for `code` with its message filled in. */
export function createError<Code extends StudioErrorCode>(code: Code, ...args: MessageArgs<Code>): StudioError {
  const entry = studioErrors[code];
  const message = (entry.message as (...values: unknown[]) => string)(...args);
  return new StudioError(code, message);
}

/** Creates a DBS_VALIDATION error listing the fields a zod parse rejected. */
export function validationError(where: string, issues: { path: PropertyKey[]; message: string }[]): StudioError {
  const fields = issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const error = new StudioError('DBS_VALIDATION', studioErrors.DBS_VALIDATION.message(where, fields), { fields });
  return error;
}

/**
 * Creates a DBS_DEPLOY_INVALID error carrying every problem. The message names the flow by the
 * name a user gave it, and `flowId` carries the id for clients.
 */
export function deployInvalidError(flow: { id: string; name: string }, problems: FlowProblem[]): StudioError {
  return new StudioError('DBS_DEPLOY_INVALID', studioErrors.DBS_DEPLOY_INVALID.message(flow.name, problems.length), {
    flowId: flow.id,
    errors: problems,
  });
}
