import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the test server received, for tests to check what a client sent. */
export interface ReceivedRequest {
  method: string;
  /** Path and query string, e.g. `/search?q=rain`. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type TestRequestHandler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

export interface HttpTestServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  baseUrl: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 with a free port; every request is recorded, then handled. */
export async function startHttpTestServer(handler: TestRequestHandler): Promise<HttpTestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve(handler(request, response)).catch((error: unknown) => {
        response.statusCode = 599;
        response.end(`test handler failed: ${(error as Error).message}`);
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
