/**
 * Splits text that arrives in chunks into lines. A line ends at `\n`; a `\r` before it is
 * dropped, so CRLF files give the same lines as LF files. `end()` returns the text after the
 * last newline, which is the file's last line when the file does not end with a newline.
 */
export class LineSplitter {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(text: string): void {
    const chunk = this.rest.length > 0 ? this.rest + text : text;
    let from = 0;
    let newline = chunk.indexOf('\n', from);

    while (newline !== -1) {
      const end = newline > from && chunk.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.onLine(chunk.slice(from, end));
      from = newline + 1;
      newline = chunk.indexOf('\n', from);
    }
    this.rest = chunk.slice(from);
  }

  end(): string {
    const rest = this.rest;
    this.rest = '';
    return rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  }
}
