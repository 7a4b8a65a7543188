import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream';
import { parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Logger } from 'pino';
import { Inlet, type InletOptions } from '../engine/inlet.js';
import type { Update } from '../engine/update.js';
import { NodeError, NodeErrorCode, invalidOption } from './errors.js';
import { codeUnitWidth, parseEncoding, type FileEncoding } from './file-encoding.js';
import { CHUNK_BYTES, ChunkedTextReader } from './chunked-text-reader.js';
import { LineSplitter } from './line-splitter.js';
import { defaultNodeLogger } from './logger.js';
import { completeLinesEnd } from './record-boundary.js';

export const FILE_INLET_FORMATS = ['text', 'lines', 'jsonl', 'json', 'csv'] as const;
export type FileInletFormat = (typeof FILE_INLET_FORMATS)[number];

export interface FileInletOptions extends InletOptions {
  /** File to read. A relative path resolves against the working directory. */
  path: string;
  /**
   * `text`: the whole file is one record. `lines`: one record per line. `jsonl`: one record per
   * non-blank line, parsed as JSON. `json`: the file parsed as JSON, one record per element when
   * it is an array. `csv`: one object per row, keyed by the header row, every value a string.
   */
  format?: FileInletFormat;
  encoding?: string;
  /** Read only what was appended since the previous transfer, like `tail -F`. */
  follow?: boolean;
  /**
   * Records per batch when a link streams batches (`streamBatches`), for formats `lines`,
   * `jsonl` and `csv` read without `follow`. Other reads are one batch. Default 1,000.
   */
  batchSize?: number;
  logger?: Logger;
}

/**
 * Records per batch by default, a common bulk-write size for databases. Moving 200,000 JSON lines
 * of about 270 bytes to CsvOutlet, batches of 1,000 peaked 25 to 30 MiB lower in RSS than batches
 * of 10,000, at the same speed. Over runs of one evening that was 133 to 158 MiB against 156 to
 * 190 MiB (Node 20, 2 cores).
 */
export const DEFAULT_BATCH_SIZE = 1_000;

/** Advice appended to csv-parse's message about invalid CSV, which names the line. */
const INVALID_CSV_HINT = 'Fix the file at that line, or read it with format "lines" to get each line as text.';

interface FollowState {
  /** Byte offset up to which the file was read. */
  position: number;
  /** Lines read before `position`, so that errors give line numbers of the whole file. */
  lineCount: number;
  /** The CSV header row, read at the start of the file. */
  csvColumns: string[] | undefined;
  /** Identity of the file being followed, to notice when a new file replaces it. */
  file: { dev: number; ino: number } | undefined;
}

/**
 * Reads a file on each transfer. With `follow`, each transfer reads only what was appended since
 * the previous one, holding back a last line that has no newline yet. It starts again from the
 * beginning when the file shrank (truncation) and when a new file took its path (rotation).
 */
export class FileInlet extends Inlet {
  readonly path: string;
  readonly format: FileInletFormat;
  readonly encoding: FileEncoding;
  readonly follow: boolean;
  readonly batchSize: number;
  private readonly logger: Logger;
  private handle: FileHandle | undefined;
  private state: FollowState = { position: 0, lineCount: 0, csvColumns: undefined, file: undefined };

  constructor(options: FileInletOptions) {
    super(options);
    if (typeof options.path !== 'string' || options.path.length === 0) {
      throw invalidOption('FileInlet', 'path', options.path, 'the path of the file to read');
    }
    this.path = resolve(options.path);
    this.format = options.format ?? 'text';
    this.encoding = parseEncoding('FileInlet', options.encoding);
    this.follow = options.follow ?? false;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.logger = options.logger ?? defaultNodeLogger;

    if (!(FILE_INLET_FORMATS as readonly string[]).includes(this.format)) {
      throw invalidOption('FileInlet', 'format', options.format, `one of ${FILE_INLET_FORMATS.join(', ')}`);
    }
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw invalidOption('FileInlet', 'batchSize', options.batchSize, 'a whole number of records, at least 1');
    }
    if (this.follow && this.format === 'json') {
      throw invalidOption('FileInlet', 'follow', true, 'follow off for format json, because appended text does not parse as JSON on its own; use format jsonl');
    }
  }

  async pull(_update: Update): Promise<unknown[]> {
    if (this.follow) return this.readAppended();
    if (this.format === 'lines' || this.format === 'jsonl') return this.readLines();
    return this.parseText(stripBom(await this.readWholeText()));
  }

  /**
   * Yields `batchSize` records at a time as the file is read, for formats `lines`, `jsonl` and
   * `csv`. Formats `text` and `json`, and `follow`, give one batch.
   */
  override async *pullBatches(update: Update): AsyncGenerator<unknown[]> {
    if (this.follow || this.format === 'text' || this.format === 'json') {
      yield await this.pull(update);
      return;
    }
    if (this.format === 'csv') yield* this.readCsvBatches(this.batchSize);
    else yield* this.readLineBatches(this.batchSize);
  }

  /** Parses the file with csv-parse's stream parser, which reads it in chunks, and yields its rows in batches. */
  private async *readCsvBatches(batchSize: number): AsyncGenerator<unknown[]> {
    const handle = await this.openFile();
    // The read stream closes the handle when it ends, fails or is destroyed, and pipeline destroys
    // both streams when either fails or the parser is destroyed.
    const parser = pipeline(
      handle.createReadStream({ encoding: this.encoding }),
      parseCsvStream({ columns: true, skip_empty_lines: true, bom: true }),
      () => undefined,
    );
    let rows: unknown[] = [];

    try {
      for await (const row of parser) {
        rows.push(row);
        if (rows.length === batchSize) {
          const batch = rows;
          rows = [];
          yield batch;
        }
      }
    } catch (error) {
      // csv-parse's errors have codes such as CSV_INVALID_CLOSING_QUOTE; a read error passes as it is.
      if (!String((error as { code?: unknown }).code ?? '').startsWith('CSV_')) throw error;
      throw new NodeError(
        NodeErrorCode.fileInvalidCsv,
        `FileInlet: ${this.path} is not valid CSV: ${(error as Error).message}. ${INVALID_CSV_HINT}`,
        { cause: error },
      );
    } finally {
      // Stops the read when the link requests no more batches.
      parser.destroy();
    }
    if (rows.length > 0) yield rows;
  }

  override async onShutdown(): Promise<void> {
    await this.closeHandle();
  }

  /**
   * Reads the file in chunks into one array of payloads. A plain loop rather than a collected
   * `readLineBatches`: through the async generator, 200,000 JSON lines went on to peak at about
   * 420 MiB of RSS in 2 of 8 runs, against about 275 MiB in every run this way (Node 20).
   */
  private async readLines(): Promise<unknown[]> {
    const reader = new ChunkedTextReader(await this.openFile(), this.encoding);
    const payloads: unknown[] = [];
    let lineNumber = 0;
    const onLine = this.lineHandler((payload) => payloads.push(payload), () => ++lineNumber);
    const splitter = new LineSplitter(onLine);

    try {
      for (let text = await reader.nextText(); text !== undefined; text = await reader.nextText()) splitter.push(text);
    } finally {
      await reader.close();
    }

    const lastLine = splitter.end();
    if (lastLine.length > 0) onLine(lastLine);
    return payloads;
  }

  /**
   * Reads the file in chunks and yields its payloads `batchSize` at a time, then the rest at the
   * end. Yields nothing for an empty file.
   */
  private async *readLineBatches(batchSize: number): AsyncGenerator<unknown[]> {
    const reader = new ChunkedTextReader(await this.openFile(), this.encoding);
    let payloads: unknown[] = [];
    let lineNumber = 0;
    const onLine = this.lineHandler((payload) => payloads.push(payload), () => ++lineNumber);
    const splitter = new LineSplitter(onLine);

    try {
      for (let text = await reader.nextText(); text !== undefined; text = await reader.nextText()) {
        splitter.push(text);
        while (payloads.length >= batchSize) {
          const rest = payloads.splice(batchSize);
          yield payloads;
          payloads = rest;
        }
      }
    } finally {
      // Also runs when the link stops asking for batches.
      await reader.close();
    }

    const lastLine = splitter.end();
    if (lastLine.length > 0) onLine(lastLine);
    if (payloads.length > 0) yield payloads;
  }

  private async readAppended(): Promise<unknown[]> {
    const payloads: unknown[] = [];
    const current = await this.statFile();

    if (this.handle && !isSameFile(this.state.file, current)) {
      // The old file may have lines appended just before it was moved away: read them first.
      for (const payload of await this.readFrom(this.handle, undefined, true)) payloads.push(payload);
      await this.closeHandle();
      this.logger.info({ inlet: this.name, path: this.path }, 'file rotated, reading the new file from the start');
      this.resetFollowState();
    }

    if (!this.handle) {
      this.handle = await this.openFile();
      const opened = await this.handle.stat();
      if (this.state.file && !isSameFile(this.state.file, opened)) {
        this.logger.info({ inlet: this.name, path: this.path }, 'file replaced while the inlet was stopped, reading it from the start');
        this.resetFollowState();
      }
      this.state.file = { dev: opened.dev, ino: opened.ino };
    }

    const { size } = await this.handle.stat();
    // NOTE: truncation shows only as a smaller size. A file truncated and then refilled past the
    // old position between two transfers looks appended to, and its start is skipped.
    if (size < this.state.position) {
      this.logger.info({ inlet: this.name, path: this.path, size, position: this.state.position }, 'file truncated, reading it from the start');
      this.resetFollowState(this.state.file);
    }

    for (const payload of await this.readFrom(this.handle, size, false)) payloads.push(payload);
    return payloads;
  }

  /**
   * Parses the bytes from the follow position up to `end` (or the end of the file). Unless
   * `final`, an incomplete last line stays unread until a later transfer finds its newline.
   */
  private async readFrom(handle: FileHandle, end: number | undefined, final: boolean): Promise<unknown[]> {
    const bytes = await readBytes(handle, this.state.position, end);
    const complete = final || this.format === 'text'
      ? bytes.length
      : completeLinesEnd(bytes, codeUnitWidth(this.encoding), this.format === 'csv');
    if (complete === 0) return [];

    const text = bytes.toString(this.encoding, 0, complete);
    const payloads = this.parseText(this.state.position === 0 ? stripBom(text) : text);
    this.state.position += complete;
    return payloads;
  }

  private parseText(text: string): unknown[] {
    switch (this.format) {
      case 'text':
        return [text];
      case 'json':
        return this.parseJson(text);
      case 'csv':
        return this.parseCsv(text);
      case 'lines':
      case 'jsonl': {
        const payloads: unknown[] = [];
        const onLine = this.lineHandler((payload) => payloads.push(payload), () => ++this.state.lineCount);
        const splitter = new LineSplitter(onLine);
        splitter.push(text);
        const lastLine = splitter.end();
        if (lastLine.length > 0) onLine(lastLine);
        return payloads;
      }
    }
  }

  /** Returns the callback that turns one line into a payload; `nextLineNumber` counts lines for errors. */
  private lineHandler(emit: (payload: unknown) => void, nextLineNumber: () => number): (line: string) => void {
    if (this.format === 'lines') {
      return (line) => {
        nextLineNumber();
        emit(line);
      };
    }

    return (line) => {
      const lineNumber = nextLineNumber();
      if (line.length === 0) return;
      try {
        emit(JSON.parse(line));
      } catch (error) {
        if (line.trim().length === 0) return;
        throw new NodeError(
          NodeErrorCode.fileInvalidJson,
          `FileInlet: line ${lineNumber} of ${this.path} is not valid JSON: ${(error as Error).message}. ` +
            'Fix that line, or read the file with format "lines" to get each line as text.',
          { cause: error },
        );
      }
    };
  }

  private parseJson(text: string): unknown[] {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new NodeError(
        NodeErrorCode.fileInvalidJson,
        `FileInlet: ${this.path} is not valid JSON: ${(error as Error).message}. ` +
          'Fix the file, or use format "jsonl" for one JSON value per line.',
        { cause: error },
      );
    }
    return Array.isArray(value) ? value : [value];
  }

  private parseCsv(text: string): unknown[] {
    const startsFile = this.state.position === 0 || !this.follow;
    try {
      return parseCsv(text, {
        columns: startsFile
          ? (header: string[]) => (this.state.csvColumns = header)
          : this.state.csvColumns,
        skip_empty_lines: true,
      }) as unknown[];
    } catch (error) {
      const where = startsFile ? '' : ` in the text appended after byte ${this.state.position}`;
      throw new NodeError(
        NodeErrorCode.fileInvalidCsv,
        `FileInlet: ${this.path} is not valid CSV${where}: ${(error as Error).message}. ${INVALID_CSV_HINT}`,
        { cause: error },
      );
    }
  }

  private async readWholeText(): Promise<string> {
    try {
      return await readFile(this.path, this.encoding);
    } catch (error) {
      throw this.fileError(error);
    }
  }

  private async openFile(): Promise<FileHandle> {
    try {
      return await open(this.path, 'r');
    } catch (error) {
      throw this.fileError(error);
    }
  }

  private async statFile(): Promise<{ dev: number; ino: number }> {
    try {
      return await stat(this.path);
    } catch (error) {
      throw this.fileError(error);
    }
  }

  private fileError(error: unknown): unknown {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
    return new NodeError(
      NodeErrorCode.fileNotFound,
      `FileInlet: file not found: ${this.path}. Check the path, or create the file before the transfer.`,
      { cause: error },
    );
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private resetFollowState(file?: FollowState['file']): void {
    this.state = { position: 0, lineCount: 0, csvColumns: undefined, file };
  }
}

function isSameFile(known: FollowState['file'], current: { dev: number; ino: number }): boolean {
  return known !== undefined && known.dev === current.dev && known.ino === current.ino;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads bytes `[start, end)` of an open file; without `end`, up to the end of the file. */
async function readBytes(handle: FileHandle, start: number, end: number | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let position = start;

  for (;;) {
    const length = end === undefined ? CHUNK_BYTES : Math.min(CHUNK_BYTES, end - position);
    if (length <= 0) break;

    const chunk = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(chunk, 0, length, position);
    if (bytesRead === 0) break;

    chunks.push(bytesRead === length ? chunk : chunk.subarray(0, bytesRead));
    position += bytesRead;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
