import { z } from 'zod';
import { defineInlet } from '../registry/define.js';
import { FILE_ENCODINGS } from './file-encoding.js';
import { DEFAULT_BATCH_SIZE, FILE_INLET_FORMATS, FileInlet } from './file-inlet.js';
import { HTTP_METHODS, HttpInlet } from './http-inlet.js';
import { NullInlet } from './null-inlet.js';
import { RandomIntInlet } from './random-int-inlet.js';

const metadataField = z
  .record(z.string(), z.unknown())
  .default({})
  .describe('Metadata added to every record of this inlet, e.g. keys that outlets route on.');

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export const httpInletType = defineInlet({
  type: 'http-inlet',
  label: 'HTTP request',
  category: 'Web',
  description: 'Fetches a URL on every transfer; the JSON response, or each element of an array inside it, becomes a record.',
  icon: '🌐',
  color: '#2563eb',
  config: z.object({
    url: z
      .string()
      .trim()
      .min(1, { message: 'Enter the URL to fetch, e.g. https://example.com/data.json.', abort: true })
      .refine(isHttpUrl, { message: 'Enter an absolute http or https URL, e.g. https://example.com/data.json.' })
      .describe('Absolute http or https URL fetched on every transfer.'),
    method: z.enum(HTTP_METHODS).default('GET').describe('HTTP method of the request.'),
    headers: z.record(z.string(), z.string()).default({}).describe('Request headers, name to value.'),
    query: z.record(z.string(), z.string()).default({}).describe('Query parameters added to the URL, name to value.'),
    body: z
      .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
      .optional()
      .describe('Request body: an object or array is sent as JSON, a string as it is. Leave empty for none.'),
    json: z.boolean().default(true).describe('Parse the response as JSON. Off: each transfer yields the response text as one record.'),
    recordsPath: z
      .string()
      .default('')
      .describe('Dot path to the array of records in the JSON response, e.g. "features" for a GeoJSON feed. Empty: the whole response is one record.'),
    timeoutMs: z.number().int().positive().default(30_000).describe('Time limit for the whole request, in milliseconds.'),
    metadata: metadataField,
  }),
  create: (config, context) =>
    new HttpInlet({ ...config, name: context.nodeId, signal: context.signal, logger: context.logger }),
});

export const fileInletType = defineInlet({
  type: 'file-inlet',
  label: 'File',
  category: 'Files',
  description: 'Reads a text, lines, JSON Lines, JSON or CSV file on every transfer, or only what was appended since the last one.',
  icon: '📄',
  color: '#0d9488',
  config: z
    .object({
      path: z
        .string()
        .trim()
        .min(1, { message: 'Enter the path of the file to read.' })
        .describe('File to read; a relative path is taken from the studio files folder.'),
      format: z
        .enum(FILE_INLET_FORMATS)
        .default('text')
        .describe('text: the whole file is one record. lines: a record per line. jsonl: a record per JSON line. json: the parsed file, a record per element of an array. csv: an object per row, keyed by the header row, values as text.'),
      encoding: z.enum(FILE_ENCODINGS).default('utf8').describe('Text encoding of the file.'),
      follow: z.boolean().default(false).describe('Read only what was appended since the previous transfer, like tail -F. Not available for json.'),
      batchSize: z
        .number()
        .int()
        .min(1)
        .default(DEFAULT_BATCH_SIZE)
        .describe('Records per batch when the link streams batches, for formats lines, jsonl and csv without follow. Other reads are one batch.'),
      metadata: metadataField,
    })
    .refine((config) => !(config.follow && config.format === 'json'), {
      path: ['follow'],
      message: 'Follow cannot read appended JSON: turn follow off or use format jsonl.',
    }),
  create: (config, context) =>
    new FileInlet({ ...config, path: context.resolvePath(config.path), name: context.nodeId, logger: context.logger }),
});

export const randomIntInletType = defineInlet({
  type: 'random-int-inlet',
  label: 'Random integers',
  category: 'Demo',
  description: 'Produces random integers between min and max, both included, on every transfer.',
  icon: '🎲',
  color: '#9333ea',
  config: z
    .object({
      min: z.number().int().default(0).describe('Smallest value, included.'),
      max: z.number().int().default(100).describe('Largest value, included.'),
      count: z.number().int().min(1).default(1).describe('Records per transfer.'),
      metadata: metadataField,
    })
    .refine((config) => config.max >= config.min, { path: ['max'], message: 'max must be at least min.' })
    .refine((config) => config.max - config.min < 2 ** 48, { path: ['max'], message: 'max - min must be below 2^48.' }),
  create: (config, context) => new RandomIntInlet({ ...config, name: context.nodeId }),
});

export const nullInletType = defineInlet({
  type: 'null-inlet',
  label: 'Nothing',
  category: 'Debug',
  description: 'Produces no records; use it to try a link or an outlet.',
  icon: '∅',
  color: '#6b7280',
  config: z.object({ metadata: metadataField }),
  create: (config, context) => new NullInlet({ ...config, name: context.nodeId }),
});
