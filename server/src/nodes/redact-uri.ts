/**
 * Replaces the password of a connection string such as `mongodb://user:secret@host/db` with
 * `***`, so that the string can be logged. A string without credentials is returned unchanged.
 */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1:***@');
}
