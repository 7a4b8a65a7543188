import type { ApiErrorBody, FlowProblem } from '@databay-studio/shared';

/** A failed request to the studio server, with the status and the parsed error body when there is one. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly body?: unknown,
  ) {
    super(message);
  }

  /** True for a 409 from PUT /api/flows/:id: the flow was saved elsewhere since it was loaded. */
  get isConflict(): boolean {
    return this.status === 409;
  }

  /** Problems of a 422 from deploy, or an empty list. */
  get deployProblems(): FlowProblem[] {
    const errors = (this.body as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(errors) ? (errors as FlowProblem[]) : [];
  }
}

/** Builds an ApiError from a response's status and body text, reading the server's error fields when present. */
export function toApiError(method: string, path: string, status: number, text: string): ApiError {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }

  const errorBody = body as Partial<ApiErrorBody> | undefined;
  const message =
    typeof errorBody?.message === 'string' && errorBody.message
      ? errorBody.message
      : `${method} ${path} failed with HTTP ${status}${text && !body ? `: ${text.slice(0, 200)}` : ''}.`;

  return new ApiError(status, message, errorBody?.code, body);
}
