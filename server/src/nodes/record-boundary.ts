const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * Returns the byte index just after the last complete line in `bytes`, or 0 when no line is
 * complete yet. With `quoted`, a newline inside a double-quoted CSV field does not end a line.
 * An escaped quote (`""`, RFC 4180) toggles the quoting state twice, so it leaves it unchanged.
 * `width` is the code unit size of the encoding: 2 for UTF-16LE, where `\n` is the bytes 0A 00.
 */
export function completeLinesEnd(bytes: Uint8Array, width: 1 | 2, quoted: boolean): number {
  if (!quoted && width === 1) return bytes.lastIndexOf(NEWLINE) + 1;

  let end = 0;
  let inQuotes = false;
  const last = bytes.length - width;
  for (let index = 0; index <= last; index += width) {
    if (width === 2 && bytes[index + 1] !== 0) continue;

    const byte = bytes[index];
    if (quoted && byte === QUOTE) inQuotes = !inQuotes;
    else if (byte === NEWLINE && !inQuotes) end = index + width;
  }
  return end;
}
