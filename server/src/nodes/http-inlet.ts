import type { Logger } from 'pino';
import { Inlet, type InletOptions } from '../engine/inlet.js';
import type { Update } from '../engine/update.js';
import { NodeError, NodeErrorCode, invalidOption } from './errors.js';
import { defaultNodeLogger } from './logger.js';
import { selectRecords } from './records-path.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface HttpInletOptions extends InletOptions {
  /** Absolute http or https URL. */
  url: string;
  method?: HttpMethod;
  headers?: Record<string, string>;
  /** Query parameters added to the URL; an array value adds the parameter once per element. */
  query?: Record<string, string | number | boolean | (string | number | boolean)[]>;
  /** Request body: an object or array is sent as JSON, a string as it is. */
  body?: unknown;
  /** Parse the response as JSON (default true); when false the payload is the response text. */
  json?: boolean;
  /** Dot path to an array in the JSON response; each element becomes one record. */
  recordsPath?: string;
  /** Limit for the whole request, body included, in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Aborts a request in flight, e.g. when the node shuts down. */
  signal?: AbortSignal;
  logger?: Logger;
}

/** How much of a response body an error message quotes. */
const BODY_EXCERPT_LENGTH = 200;

/**
 * Fetches a URL on every transfer. Without `recordsPath` the whole response is one record;
 * with it, each element of the array at that path is one record.
 * Redirects are followed and gzip, deflate and brotli bodies are decoded (Node's fetch).
 */
export class HttpInlet extends Inlet {
  readonly url: URL;
  readonly method: HttpMethod;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly json: boolean;
  readonly recordsPath: string | undefined;
  readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly logger: Logger;

  constructor(options: HttpInletOptions) {
    super(options);
    this.url = parseUrl(options.url, options.query);
    this.method = parseMethod(options.method ?? 'GET');
    this.headers = { ...(options.headers ?? {}) };
    this.body = options.body;
    this.json = options.json ?? true;
    this.recordsPath = options.recordsPath ? options.recordsPath : undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.signal = options.signal;
    this.logger = options.logger ?? defaultNodeLogger;

    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw invalidOption('HttpInlet', 'timeoutMs', options.timeoutMs, 'a positive number of milliseconds');
    }
    if (this.recordsPath && !this.json) {
      throw invalidOption('HttpInlet', 'recordsPath', options.recordsPath, 'no recordsPath when json is false, because a text response has no paths');
    }
  }

  async pull(_update: Update): Promise<unknown> {
    const { text, contentType } = await this.fetchText();
    if (!this.json) return [text];

    const body = this.parseJson(text, contentType);
    if (this.recordsPath) return selectRecords(body, this.recordsPath, `the response of ${this.url.href}`);

    // Wrapped so that a response that is itself an array stays one record.
    return [body];
  }

  private async fetchText(): Promise<{ text: string; contentType: string }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([timeout, this.signal]) : timeout;
    const { body, contentType: bodyType } = this.encodeBody();
    const headers = bodyType && !hasHeader(this.headers, 'content-type')
      ? { 'content-type': bodyType, ...this.headers }
      : this.headers;

    let response: Response;
    let text: string;
    try {
      response = await fetch(this.url, { method: this.method, headers, body, signal, redirect: 'follow' });
      text = await response.text();
    } catch (error) {
      throw this.requestError(error, timeout);
    }

    if (!response.ok) {
      throw new NodeError(
        NodeErrorCode.httpStatus,
        `HttpInlet: ${this.method} ${this.url.href} failed with status ${response.status} ${response.statusText}` +
          `; the body starts with: ${excerpt(text)}`,
      );
    }
    return { text, contentType: response.headers.get('content-type') ?? 'no content type' };
  }

  private parseJson(text: string, contentType: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new NodeError(
        NodeErrorCode.httpInvalidJson,
        `HttpInlet: the response of ${this.url.href} (${contentType}) is not valid JSON: ${(error as Error).message}` +
          `; the body starts with: ${excerpt(text)}. Set json to false to get the response as text.`,
        { cause: error },
      );
    }
  }

  private encodeBody(): { body: string | undefined; contentType: string | undefined } {
    if (this.body === undefined || this.body === null) return { body: undefined, contentType: undefined };
    if (typeof this.body === 'string') return { body: this.body, contentType: undefined };
    return { body: JSON.stringify(this.body), contentType: 'application/json' };
  }

  private requestError(error: unknown, timeout: AbortSignal): NodeError {
    if (timeout.aborted) {
      return new NodeError(
        NodeErrorCode.httpTimeout,
        `HttpInlet: ${this.method} ${this.url.href} timed out after ${this.timeoutMs} ms. Raise timeoutMs if the server is slow.`,
        { cause: error },
      );
    }

    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    this.logger.debug({ err: error, url: this.url.href, inlet: this.name }, 'http request failed');
    return new NodeError(
      NodeErrorCode.httpRequestFailed,
      `HttpInlet: ${this.method} ${this.url.href} failed: ${reason}.`,
      { cause: error },
    );
  }
}

function parseUrl(url: string, query: HttpInletOptions['query']): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidOption('HttpInlet', 'url', url, 'an absolute http or https URL such as https://example.com/data.json');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidOption('HttpInlet', 'url', url, 'an http or https URL');
  }

  for (const [name, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) parsed.searchParams.append(name, String(item));
  }
  return parsed;
}

function parseMethod(method: string): HttpMethod {
  const upper = method.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
    throw invalidOption('HttpInlet', 'method', method, `one of ${HTTP_METHODS.join(', ')}`);
  }
  return upper as HttpMethod;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function excerpt(text: string): string {
  if (text.length === 0) return '(empty)';
  const start = JSON.stringify(text.slice(0, BODY_EXCERPT_LENGTH));
  return text.length > BODY_EXCERPT_LENGTH ? `${start}…` : start;
}
