import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';

/** Path of the USGS "all earthquakes, past week" feed; the snapshot is served there. */
export const FEED_PATH = '/earthquakes/feed/v1.0/summary/all_week.geojson';
const snapshotPath = fileURLToPath(new URL('../../examples/data/usgs-earthquakes-week.geojson', import.meta.url));

/** Serves the USGS feed snapshot on a loopback port and counts the requests. */
export async function startFeedServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const body = await readFile(snapshotPath);
  let requests = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== FEED_PATH) {
      response.writeHead(404).end();
      return;
    }
    requests += 1;
    response.writeHead(200, { 'content-type': 'application/geo+json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${FEED_PATH}`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
