import type { Flow, FlowInput, FlowProblem, FlowSummary, FlowUpdate, NodeTypesResponse, TransferRecord } from '@databay-studio/shared';
import { ApiError, toApiError } from './api-error';

/** One example flow that POST /api/examples/:id copies into a new flow. */
export interface ExampleSummary {
  id: string;
  name: string;
  description: string;
}

/** Schedule state of one link of a deployed flow. */
export interface LinkDeployment {
  linkId: string;
  nextAt?: string;
  /** The server's name for `nextAt` in GET /api/flows/:id/deployment; the client reads either. */
  nextTransferAt?: string;
  lastTransfer?: TransferRecord;
  /** The schedule in words and its next three fire times as the server's planner computes them. */
  schedule?: { description: string; next: string[] };
}

/** Body of POST /api/flows/:id/links/:linkId/preview: the link's records after its processors, before any outlet. */
export interface LinkPreview {
  records: { payload: unknown; metadata: Record<string, unknown> }[];
  /** Number of records after the processors, before `limit` cut them. */
  total: number;
  durationMs: number;
  /** Inlets and processors that failed; the preview went on without their records. */
  errors: Pick<FlowProblem, 'nodeId' | 'message'>[];
}

/** Body of GET /api/flows/:id/deployment. */
export interface FlowDeployment {
  deployed: boolean;
  version?: number;
  /** Node types of the running flow whose definition changed or disappeared since the deploy. */
  staleTypes?: string[];
  links: LinkDeployment[];
}

async function request<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(baseUrl + path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, `${method} ${path} failed: the studio server is not reachable (${(error as Error).message}). Check that it is running, then retry.`);
  }

  const text = await response.text();
  if (!response.ok) throw toApiError(method, path, response.status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

const flowPath = (flowId: string) => `/api/flows/${encodeURIComponent(flowId)}`;

/** Builds typed calls to the studio server's REST API; `baseUrl` is empty for the page's own origin. */
export function createStudioApi(baseUrl = '') {
  const call = <T>(method: string, path: string, body?: unknown) => request<T>(baseUrl, method, path, body);

  return {
    nodeTypes: () => call<NodeTypesResponse>('GET', '/api/node-types'),
    reloadNodeTypes: () => call<NodeTypesResponse>('POST', '/api/node-types/reload'),
    listFlows: () => call<FlowSummary[]>('GET', '/api/flows'),
    getFlow: (flowId: string) => call<Flow>('GET', flowPath(flowId)),
    createFlow: (input: FlowInput) => call<Flow>('POST', '/api/flows', input),
    saveFlow: (flowId: string, update: FlowUpdate) => call<Flow>('PUT', flowPath(flowId), update),
    deleteFlow: (flowId: string) => call<void>('DELETE', flowPath(flowId)),
    deploy: (flowId: string) => call<unknown>('POST', `${flowPath(flowId)}/deploy`),
    stop: (flowId: string) => call<unknown>('POST', `${flowPath(flowId)}/stop`),
    runLink: (flowId: string, linkId: string) =>
      call<unknown>('POST', `${flowPath(flowId)}/links/${encodeURIComponent(linkId)}/transfer`),
    /** Runs a link's inlets and processors once; `flow` previews unsaved edits instead of the stored flow. */
    previewLink: (flowId: string, linkId: string, body: { flow?: FlowInput; limit?: number }) =>
      call<LinkPreview>('POST', `${flowPath(flowId)}/links/${encodeURIComponent(linkId)}/preview`, body),
    transfers: (flowId: string, limit = 50, linkId?: string) =>
      call<TransferRecord[]>(
        'GET',
        `${flowPath(flowId)}/transfers?limit=${limit}${linkId ? `&linkId=${encodeURIComponent(linkId)}` : ''}`,
      ),
    deployment: (flowId: string) => call<FlowDeployment>('GET', `${flowPath(flowId)}/deployment`),
    examples: () => call<ExampleSummary[]>('GET', '/api/examples'),
    createFromExample: (exampleId: string) => call<Flow>('POST', `/api/examples/${encodeURIComponent(exampleId)}`),
  };
}

export type StudioApi = ReturnType<typeof createStudioApi>;

/** The API of the server that served the page. */
export const studioApi: StudioApi = createStudioApi();
