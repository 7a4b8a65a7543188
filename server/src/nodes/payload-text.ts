import { inspect } from 'node:util';

/** Renders a payload as one line of text: strings as they are, everything else as JSON. */
export function payloadToText(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload === undefined) return '';
  if (typeof payload === 'bigint') return payload.toString();

  try {
    return JSON.stringify(payload) ?? String(payload);
  } catch {
    // Circular structures cannot be JSON; inspect still shows what the record contains.
    return inspect(payload, { breakLength: Infinity, depth: 4 });
  }
}
