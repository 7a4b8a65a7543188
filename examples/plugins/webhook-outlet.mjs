// A Databay Studio plugin: an outlet that sends each batch of records as JSON to a URL.
// It imports nothing from the studio: the studio calls the default export with its SDK.
// Copy this file into the plugins folder (DATABAY_PLUGINS_DIR, default <data dir>/plugins).

/** Maximum length of the error response body quoted in an error message, in characters. */
const RESPONSE_EXCERPT_LENGTH = 200;

/** @param {{ defineOutlet: Function, z: any }} sdk */
export default function webhookOutlet({ defineOutlet, z }) {
  return defineOutlet({
    type: 'examples.webhook-outlet',
    label: 'Webhook',
    category: 'Web',
    description: 'Sends each batch of records as one JSON request to a URL, e.g. a chat or automation webhook.',
    icon: 'send',
    color: '#5b6ee1',
    config: z.object({
      url: z.url().describe('Address the batches are sent to.'),
      method: z.enum(['POST', 'PUT']).default('POST').describe('HTTP method of each request.'),
      headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers.'),
      authorization: z
        .string()
        .optional()
        .meta({ secret: true })
        .describe('Value of the Authorization header, e.g. "Bearer <token>". Kept out of logs.'),
      includeMetadata: z
        .boolean()
        .default(false)
        .describe('Send each record as { payload, metadata } instead of its payload alone.'),
      timeoutMs: z.number().int().min(100).default(10_000).describe('Time limit of one request, in milliseconds.'),
    }),
    create(config, context) {
      return {
        // The link calls push only for batches with records, so every request carries at least one.
        async push(records, update) {
          const body = {
            update: update.toString(),
            sentAt: new Date().toISOString(),
            records: records.map((record) =>
              config.includeMetadata ? { payload: record.payload, metadata: record.metadata } : record.payload,
            ),
          };
          const headers = { 'content-type': 'application/json', ...config.headers };
          if (config.authorization) headers.authorization = config.authorization;

          const response = await fetch(config.url, {
            method: config.method,
            headers,
            body: JSON.stringify(body),
            signal: AbortSignal.any([context.signal, AbortSignal.timeout(config.timeoutMs)]),
          });
          const text = await response.text();
          if (!response.ok) {
            throw new Error(
              `${config.method} ${config.url} returned HTTP ${response.status} ${response.statusText}: ${text.slice(0, RESPONSE_EXCERPT_LENGTH)}`,
            );
          }
          context.logger.debug({ url: config.url, status: response.status, records: records.length, update: body.update }, 'Batch sent');
        },
      };
    },
  });
}
