/**
 * Stable codes of the errors processors and groupers raise. Callers and tests match on the code.
 * The message quotes the value at fault and tells what to do.
 */
export const ProcessorErrorCode = {
  /** A JSONata expression in a step's config does not parse. */
  invalidExpression: 'PROCESSOR_INVALID_EXPRESSION',
  /** A JSONata expression failed while it evaluated one record. */
  expressionFailed: 'PROCESSOR_EXPRESSION_FAILED',
  /** An expression or a path gave a value the step cannot use, e.g. a filter result that is not a boolean. */
  invalidResult: 'PROCESSOR_INVALID_RESULT',
  /** A step list names a type that is not a registered processor or grouper, or a config that does not match its schema. */
  invalidConfig: 'PROCESSOR_INVALID_CONFIG',
} as const;

export type ProcessorErrorCode = (typeof ProcessorErrorCode)[keyof typeof ProcessorErrorCode];

/** An error raised by a processor or grouper, with a stable `code`. */
export class ProcessorError extends Error {
  readonly code: ProcessorErrorCode;

  constructor(code: ProcessorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProcessorError';
    this.code = code;
  }
}

/** Renders a payload for an error message as JSON, cut to `maxLength` characters. */
export function describePayload(payload: unknown, maxLength = 200): string {
  let text: string;
  try {
    text = payload === undefined ? 'undefined' : (JSON.stringify(payload) ?? String(payload));
  } catch {
    text = String(payload);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}… (cut at ${maxLength} characters)` : text;
}
