/**
 * Returns the dotted config path a deploy problem names. Problems may name a field as `url`,
 * `config.url` or `/config/url`, and all of these return `url`.
 */
export function configFieldPath(field: string): string {
  return field
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^config\./, '');
}
