import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ReceivedRequest } from './http-test-server.js';

/** Path of the USGS "all earthquakes, past week" GeoJSON feed on earthquake.usgs.gov. */
export const USGS_FEED_PATH = '/earthquakes/feed/v1.0/summary/all_week.geojson';

/** One real response of that feed, kept in examples/data. */
export const USGS_FEED_FILE = fileURLToPath(new URL('../../../examples/data/usgs-earthquakes-week.geojson', import.meta.url));

/** Earthquakes in the saved response. */
export const USGS_FEATURE_COUNT = 1707;

let feedBody: Buffer | undefined;

/** Returns the saved feed response, read once per test process. */
export function usgsFeedBody(): Buffer {
  feedBody ??= readFileSync(USGS_FEED_FILE);
  return feedBody;
}

/**
 * Sends the saved feed as the real server does: `application/json`, gzip-compressed when the
 * client accepts gzip. Returns whether the body was sent compressed.
 */
export function sendUsgsFeed(request: ReceivedRequest, response: ServerResponse): boolean {
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  response.setHeader('content-type', 'application/json');
  if (gzip) {
    response.setHeader('content-encoding', 'gzip');
    response.end(gzipSync(usgsFeedBody()));
  } else {
    response.end(usgsFeedBody());
  }
  return gzip;
}
