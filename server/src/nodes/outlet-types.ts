import { z } from 'zod';
import { defineOutlet } from '../registry/define.js';
import { ConsoleOutlet } from './console-outlet.js';
import { CsvOutlet } from './csv-outlet.js';
import { FILE_ENCODINGS } from './file-encoding.js';
import { FILE_OUTLET_FORMATS, FILE_OUTLET_MODES, FileOutlet } from './file-outlet.js';
import { DEFAULT_MONGO_URI, MongoOutlet } from './mongo-outlet.js';
import { NullOutlet } from './null-outlet.js';

export const fileOutletType = defineOutlet({
  type: 'file-outlet',
  label: 'File',
  category: 'Files',
  description: `Writes a line per record to a file. A record's metadata "${FileOutlet.PATH_METADATA_KEY}" sends it to another file.`,
  icon: '📝',
  color: '#0d9488',
  config: z.object({
    path: z
      .string()
      .trim()
      .min(1, { message: 'Enter the path of the file to write.' })
      .describe(`File to write; a relative path is taken from the studio files folder. Metadata "${FileOutlet.PATH_METADATA_KEY}" overrides it per record.`),
    mode: z.enum(FILE_OUTLET_MODES).default('append').describe('append: add to the file. overwrite: replace the file with each transfer.'),
    format: z.enum(FILE_OUTLET_FORMATS).default('text').describe('text: a line per record, strings as they are and other payloads as JSON. jsonl: a JSON value per line.'),
    encoding: z.enum(FILE_ENCODINGS).default('utf8').describe('Text encoding of the file.'),
  }),
  create: (config, context) =>
    new FileOutlet({ ...config, path: context.resolvePath(config.path), resolvePath: context.resolvePath, name: context.nodeId }),
});

export const csvOutletType = defineOutlet({
  type: 'csv-outlet',
  label: 'CSV file',
  category: 'Files',
  description: `Appends a row per record to a CSV file, nested fields as dotted columns. A record's metadata "${CsvOutlet.PATH_METADATA_KEY}" sends it to another file.`,
  icon: '📊',
  color: '#16a34a',
  config: z.object({
    path: z
      .string()
      .trim()
      .min(1, { message: 'Enter the path of the CSV file to write.' })
      .describe(`CSV file to append to; a relative path is taken from the studio files folder. Metadata "${CsvOutlet.PATH_METADATA_KEY}" overrides it per record.`),
    columns: z
      .array(z.string().min(1))
      .default([])
      .describe('Columns in order, dotted for nested fields such as properties.mag. Empty: the header of the existing file, or else the fields of the first record.'),
  }),
  create: (config, context) =>
    new CsvOutlet({
      ...config,
      path: context.resolvePath(config.path),
      resolvePath: context.resolvePath,
      name: context.nodeId,
      logger: context.logger,
    }),
});

export const mongoOutletType = defineOutlet({
  type: 'mongo-outlet',
  label: 'MongoDB',
  category: 'Databases',
  description: 'Inserts records into a MongoDB collection: an object payload is the document, an array inserts each element, other values are stored as { value }.',
  icon: '🍃',
  color: '#15803d',
  config: z.object({
    uri: z
      .string()
      .trim()
      .regex(/^mongodb(\+srv)?:\/\//, { message: 'Enter a connection string starting with mongodb:// or mongodb+srv://.' })
      .default(DEFAULT_MONGO_URI)
      .describe('MongoDB connection string; it may contain a password, so it is kept secret.')
      .meta({ secret: true }),
    database: z.string().trim().min(1, { message: 'Enter the database name.' }).describe('Database to insert into.'),
    collection: z
      .string()
      .trim()
      .min(1, { message: 'Enter the collection name.' })
      .describe(`Collection to insert into. Metadata "${MongoOutlet.COLLECTION_METADATA_KEY}" overrides it per record.`),
  }),
  create: (config, context) => new MongoOutlet({ ...config, name: context.nodeId, logger: context.logger }),
});

export const consoleOutletType = defineOutlet({
  type: 'console-outlet',
  label: 'Console',
  category: 'Debug',
  description: 'Prints a line per record to the server output: the update, then the payload.',
  icon: '🖥️',
  color: '#475569',
  config: z.object({}),
  create: (_config, context) => new ConsoleOutlet({ name: context.nodeId }),
});

export const nullOutletType = defineOutlet({
  type: 'null-outlet',
  label: 'Discard',
  category: 'Debug',
  description: 'Discards every record; use it to try an inlet or to measure a link.',
  icon: '∅',
  color: '#6b7280',
  config: z.object({}),
  create: (_config, context) => new NullOutlet({ name: context.nodeId }),
});
