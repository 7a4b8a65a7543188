import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Outlet, type OutletOptions } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import type { Update } from '../engine/update.js';
import { invalidOption } from './errors.js';
import { parseEncoding, type FileEncoding } from './file-encoding.js';
import { groupRecords } from './group-records.js';
import { resolveFromCwd, routedPath, type PathResolver } from './metadata-path.js';
import { payloadToText } from './payload-text.js';

export const FILE_OUTLET_MODES = ['append', 'overwrite'] as const;
export type FileOutletMode = (typeof FILE_OUTLET_MODES)[number];

export const FILE_OUTLET_FORMATS = ['text', 'jsonl'] as const;
export type FileOutletFormat = (typeof FILE_OUTLET_FORMATS)[number];

export interface FileOutletOptions extends OutletOptions {
  /**
   * File to write. Optional when every record names its file in metadata
   * `FileOutlet.PATH_METADATA_KEY`. A relative path resolves with `resolvePath`.
   */
  path?: string;
  /**
   * `append` adds to the file (the default). `overwrite` replaces it with each transfer: the first
   * batch of a transfer replaces the file and later batches of the same transfer, from groupers
   * or a link that streams batches, are appended.
   */
  mode?: FileOutletMode;
  /** `text`: one line per record, strings as they are and other payloads as JSON. `jsonl`: one JSON value per line. */
  format?: FileOutletFormat;
  encoding?: string;
  /** Resolves relative paths from options and metadata (default: against the working directory). */
  resolvePath?: PathResolver;
}

/**
 * Writes records to files, one line each. Records go to `path` unless their metadata names
 * another file under `filePath`; parent folders are created. Each batch makes one write per file.
 */
export class FileOutlet extends Outlet {
  /** Metadata key whose value, a path, overrides `path` for that record. */
  static readonly PATH_METADATA_KEY = 'filePath';

  readonly path: string | undefined;
  readonly mode: FileOutletMode;
  readonly format: FileOutletFormat;
  readonly encoding: FileEncoding;
  private readonly resolvePath: PathResolver;
  /** With `overwrite`: the update of the transfer that last replaced each file. */
  private readonly replacedBy = new Map<string, Update>();

  constructor(options: FileOutletOptions) {
    super(options);
    this.resolvePath = options.resolvePath ?? resolveFromCwd;
    this.path = options.path ? this.resolvePath(options.path) : undefined;
    this.mode = options.mode ?? 'append';
    this.format = options.format ?? 'text';
    this.encoding = parseEncoding('FileOutlet', options.encoding);

    if (!(FILE_OUTLET_MODES as readonly string[]).includes(this.mode)) {
      throw invalidOption('FileOutlet', 'mode', options.mode, `one of ${FILE_OUTLET_MODES.join(', ')}`);
    }
    if (!(FILE_OUTLET_FORMATS as readonly string[]).includes(this.format)) {
      throw invalidOption('FileOutlet', 'format', options.format, `one of ${FILE_OUTLET_FORMATS.join(', ')}`);
    }
  }

  async push(records: DataRecord[], update: Update): Promise<void> {
    const files = groupRecords(records, (record) =>
      routedPath(record, FileOutlet.PATH_METADATA_KEY, this.path, this.resolvePath, 'FileOutlet'),
    );

    for (const [path, fileRecords] of files) {
      const text = this.render(fileRecords, path);
      await mkdir(dirname(path), { recursive: true });
      if (this.mode === 'overwrite' && this.replacedBy.get(path) !== update) {
        await writeFile(path, text, this.encoding);
        this.replacedBy.set(path, update);
      } else {
        await appendFile(path, text, this.encoding);
      }
    }
  }

  private render(records: DataRecord[], path: string): string {
    let text = '';
    for (const record of records) {
      text += this.format === 'jsonl' ? toJsonLine(record.payload, path) : payloadToText(record.payload);
      text += '\n';
    }
    return text;
  }
}

function toJsonLine(payload: unknown, path: string): string {
  try {
    return JSON.stringify(payload) ?? 'null';
  } catch (error) {
    throw new TypeError(
      `FileOutlet: a record for ${path} cannot be written as JSON: ${(error as Error).message}. ` +
        'Use format "text", or remove the circular reference or BigInt with a processor.',
      { cause: error },
    );
  }
}
