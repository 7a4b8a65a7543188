import { invalidOption } from './errors.js';

/** Encodings a text file can be read and written in. */
export const FILE_ENCODINGS = ['utf8', 'utf16le', 'latin1', 'ascii'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

const ALIASES: Record<string, FileEncoding> = {
  'utf-8': 'utf8',
  'utf-16le': 'utf16le',
  ucs2: 'utf16le',
  'ucs-2': 'utf16le',
  binary: 'latin1',
  'iso-8859-1': 'latin1',
};

/** Checks an encoding option and returns its canonical Node.js name. */
export function parseEncoding(nodeClass: string, encoding: string | undefined): FileEncoding {
  const lower = (encoding ?? 'utf8').toLowerCase();
  const canonical = ALIASES[lower] ?? lower;
  if (!(FILE_ENCODINGS as readonly string[]).includes(canonical)) {
    throw invalidOption(nodeClass, 'encoding', encoding, `one of ${FILE_ENCODINGS.join(', ')}`);
  }
  return canonical as FileEncoding;
}

/** Bytes per code unit: the step at which `\n` and `"` can sit in the encoded bytes. */
export function codeUnitWidth(encoding: FileEncoding): 1 | 2 {
  return encoding === 'utf16le' ? 2 : 1;
}
