/**
 * Stable codes of the errors the built-in nodes raise, grouped by node. Callers and tests match
 * on the code. The message quotes the invalid value and states what to do next.
 */
export const NodeErrorCode = {
  invalidOption: 'NODE_INVALID_OPTION',
  httpStatus: 'NODE_HTTP_STATUS',
  httpTimeout: 'NODE_HTTP_TIMEOUT',
  httpRequestFailed: 'NODE_HTTP_REQUEST_FAILED',
  httpInvalidJson: 'NODE_HTTP_INVALID_JSON',
  recordsPathNotArray: 'NODE_RECORDS_PATH_NOT_ARRAY',
  fileNotFound: 'NODE_FILE_NOT_FOUND',
  fileInvalidJson: 'NODE_FILE_INVALID_JSON',
  fileInvalidCsv: 'NODE_FILE_INVALID_CSV',
  mongoNotConnected: 'NODE_MONGO_NOT_CONNECTED',
} as const;

export type NodeErrorCode = (typeof NodeErrorCode)[keyof typeof NodeErrorCode];

/** An error raised by a built-in node, with a stable `code`. */
export class NodeError extends Error {
  readonly code: NodeErrorCode;

  constructor(code: NodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NodeError';
    this.code = code;
  }
}

/** Builds the error for an option value that a node cannot use. */
export function invalidOption(nodeClass: string, option: string, value: unknown, expected: string): NodeError {
  return new NodeError(
    NodeErrorCode.invalidOption,
    `${nodeClass}: invalid option ${option}=${describeValue(value)}; expected ${expected}.`,
  );
}

/**
 * Renders a value for an error message: JSON where possible, cut to about 100 characters.
 * NaN and the infinities keep their own names, because JSON writes them as `null`.
 */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) text = String(value);
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
