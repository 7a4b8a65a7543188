import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Update } from '../engine/update.js';
import { startHttpTestServer, type HttpTestServer, type TestRequestHandler } from '../test-support/http-test-server.js';
import { sendUsgsFeed, USGS_FEATURE_COUNT, USGS_FEED_PATH, usgsFeedBody } from '../test-support/usgs-feed.js';
import { NodeError, NodeErrorCode } from './errors.js';
import { HttpInlet, type HttpInletOptions } from './http-inlet.js';

const update = new Update(['test'], 0);
let server: HttpTestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: TestRequestHandler): Promise<string> {
  server = await startHttpTestServer(handler);
  return server.baseUrl;
}

async function pullRecords(options: HttpInletOptions) {
  const inlet = new HttpInlet(options);
  return inlet.toRecords(await inlet.pull(update));
}

async function pullError(options: HttpInletOptions): Promise<NodeError> {
  const inlet = new HttpInlet(options);
  const error = await inlet.pull(update).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe('HttpInlet', () => {
  it('reads every earthquake of the USGS feed', async () => {
    let compressed = false;
    const baseUrl = await serve((request, response) => {
      if (request.url !== USGS_FEED_PATH) return void response.writeHead(404).end();
      compressed = sendUsgsFeed(request, response);
    });

    const records = await pullRecords({ url: baseUrl + USGS_FEED_PATH, recordsPath: 'features', name: 'quakes' });

    const expected = JSON.parse(usgsFeedBody().toString('utf8')) as { features: { id: string }[] };
    expect(records).toHaveLength(USGS_FEATURE_COUNT);
    expect(records.map((record) => (record.payload as { id: string }).id)).toEqual(expected.features.map((feature) => feature.id));
    expect(records[0].payload).toMatchObject({
      type: 'Feature',
      properties: { mag: 2, place: '4km W of Castaic, CA' },
      geometry: { type: 'Point' },
    });
    expect(records[0].metadata.__inlet__).toBe('quakes');
    expect(compressed).toBe(true);
  });

  it('decodes a gzip response', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify({ items: [{ city: 'Zürich' }, { city: 'Köln' }] })));
    });

    const records = await pullRecords({ url: `${baseUrl}/data`, recordsPath: 'items' });

    expect(records.map((record) => record.payload)).toEqual([{ city: 'Zürich' }, { city: 'Köln' }]);
    expect(server!.requests[0].headers['accept-encoding']).toMatch(/gzip/);
  });

  it('follows a redirect', async () => {
    const baseUrl = await serve((request, response) => {
      if (request.url === '/moved') return void response.writeHead(301, { location: USGS_FEED_PATH }).end();
      sendUsgsFeed(request, response);
    });

    const records = await pullRecords({ url: `${baseUrl}/moved`, recordsPath: 'features' });

    expect(records).toHaveLength(USGS_FEATURE_COUNT);
    expect(server!.requests.map((request) => request.url)).toEqual(['/moved', USGS_FEED_PATH]);
  });

  it('fails on a 500 status with URL and body', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('database unavailable, try later');
    });

    const error = await pullError({ url: `${baseUrl}/broken` });

    expect(error.code).toBe(NodeErrorCode.httpStatus);
    expect(error.message).toContain(`${baseUrl}/broken`);
    expect(error.message).toContain('500');
    expect(error.message).toContain('database unavailable, try later');
  });

  it('fails after timeoutMs', async () => {
    const baseUrl = await serve(() => {
      // Sends no response. Closing the server ends the connection.
    });

    const started = Date.now();
    const error = await pullError({ url: `${baseUrl}/slow`, timeoutMs: 150 });

    expect(error.code).toBe(NodeErrorCode.httpTimeout);
    expect(error.message).toContain('timed out after 150 ms');
    expect(error.message).toContain(`${baseUrl}/slow`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('times out while the body is still arriving', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items": [');
    });

    const error = await pullError({ url: `${baseUrl}/stalled`, timeoutMs: 150 });

    expect(error.code).toBe(NodeErrorCode.httpTimeout);
  });

  it('fails on invalid JSON with content type and body', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<html><body>Maintenance</body></html>');
    });

    const error = await pullError({ url: `${baseUrl}/page` });

    expect(error.code).toBe(NodeErrorCode.httpInvalidJson);
    expect(error.message).toContain(`${baseUrl}/page`);
    expect(error.message).toContain('text/html; charset=utf-8');
    expect(error.message).toContain('<html><body>Maintenance');
  });

  it('fails when the server is unreachable', async () => {
    const closed = await startHttpTestServer(() => undefined);
    await closed.close();

    const error = await pullError({ url: `${closed.baseUrl}/gone` });

    expect(error.code).toBe(NodeErrorCode.httpRequestFailed);
    expect(error.message).toContain(`${closed.baseUrl}/gone`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('sends method, headers, query and JSON body', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });

    const records = await pullRecords({
      url: `${baseUrl}/search?fixed=1`,
      method: 'POST',
      headers: { 'x-api-key': 'key-123', accept: 'application/json' },
      query: { q: 'rain & wind', limit: 5, tag: ['a', 'b'] },
      body: { station: 'Zürich', days: [1, 2] },
    });

    const request = server!.requests[0];
    expect(records.map((record) => record.payload)).toEqual([{ ok: true }]);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/search?fixed=1&q=rain+%26+wind&limit=5&tag=a&tag=b');
    expect(request.headers['x-api-key']).toBe('key-123');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ station: 'Zürich', days: [1, 2] });
  });

  it('sends a string body as it is', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[]');
    });

    await pullRecords({
      url: `${baseUrl}/ingest`,
      method: 'PUT',
      headers: { 'Content-Type': 'text/csv' },
      body: 'a,b\n1,2\n',
    });

    const request = server!.requests[0];
    expect(request.method).toBe('PUT');
    expect(request.headers['content-type']).toBe('text/csv');
    expect(request.body).toBe('a,b\n1,2\n');
  });

  it('returns the whole response as one record', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[1,2,3]');
    });

    const records = await pullRecords({ url: `${baseUrl}/list`, metadata: { source: 'list' } });

    expect(records).toHaveLength(1);
    expect(records[0].payload).toEqual([1, 2, 3]);
    expect(records[0].metadata).toMatchObject({ source: 'list', __inlet__: 'HttpInlet' });
  });

  it('returns text when json is false', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('not json at all');
    });

    const records = await pullRecords({ url: `${baseUrl}/text`, json: false });

    expect(records.map((record) => record.payload)).toEqual(['not json at all']);
  });

  it('follows a nested recordsPath', async () => {
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ pages: [{ data: { items: ['x', 'y'] } }] }));
    });

    const records = await pullRecords({ url: `${baseUrl}/nested`, recordsPath: 'pages.0.data.items' });

    expect(records.map((record) => record.payload)).toEqual(['x', 'y']);
  });

  it('rejects a recordsPath that is no array', async () => {
    const baseUrl = await serve((request, response) => void sendUsgsFeed(request, response));

    const notArray = await pullError({ url: baseUrl + USGS_FEED_PATH, recordsPath: 'metadata' });
    expect(notArray.code).toBe(NodeErrorCode.recordsPathNotArray);
    expect(notArray.message).toContain('recordsPath "metadata"');
    expect(notArray.message).toContain('an object with keys "generated", "url"');

    const missing = await pullError({ url: baseUrl + USGS_FEED_PATH, recordsPath: 'data.items' });
    expect(missing.code).toBe(NodeErrorCode.recordsPathNotArray);
    expect(missing.message).toContain('"data" is missing');
    expect(missing.message).toContain('"type", "metadata", "features"');
  });

  it('rejects invalid options', () => {
    expect(() => new HttpInlet({ url: '' })).toThrow(/invalid option url="".*absolute http or https URL/);
    expect(() => new HttpInlet({ url: 'ftp://example.com/file' })).toThrow(/url="ftp:\/\/example.com\/file"/);
    expect(() => new HttpInlet({ url: 'http://127.0.0.1/', method: 'FETCH' as never })).toThrow(/method="FETCH"/);
    expect(() => new HttpInlet({ url: 'http://127.0.0.1/', timeoutMs: 0 })).toThrow(/timeoutMs=0/);
    expect(() => new HttpInlet({ url: 'http://127.0.0.1/', json: false, recordsPath: 'items' })).toThrow(/recordsPath="items"/);
  });

  it('stops a request when its signal aborts', async () => {
    const baseUrl = await serve(() => undefined);
    const controller = new AbortController();
    const inlet = new HttpInlet({ url: `${baseUrl}/hang`, signal: controller.signal });

    const pulling = inlet.pull(update);
    setTimeout(() => controller.abort(), 50);
    const error = (await pulling.catch((caught: unknown) => caught)) as NodeError;

    expect(error).toBeInstanceOf(NodeError);
    expect(error.code).toBe(NodeErrorCode.httpRequestFailed);
  });
});
