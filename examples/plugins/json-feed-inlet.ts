// A Databay Studio plugin: an inlet that reads a JSON Feed, RSS or Atom feed over HTTP.
// It imports nothing from the studio: the studio calls the default export with its SDK.
// Copy this file into the plugins folder (DATABAY_PLUGINS_DIR, default <data dir>/plugins).

/** The parts of the studio's SDK this plugin uses. */
interface Sdk {
  defineInlet(definition: Record<string, unknown>): unknown;
  newRecord(payload: unknown, metadata?: Record<string, unknown>): unknown;
  z: any;
}

/** Context that create receives besides its config (the parts used here). */
interface Context {
  signal: AbortSignal;
  logger: { debug(bindings: object, message: string): void; info(bindings: object, message: string): void };
}

interface Config {
  url: string;
  format: 'auto' | 'json-feed' | 'rss' | 'atom';
  newItemsOnly: boolean;
  maxItems?: number;
  timeoutMs: number;
  headers: Record<string, string>;
}

/** One feed item, the same shape whatever the feed's format. */
export interface FeedItem {
  id: string;
  url?: string;
  title?: string;
  summary?: string;
  content?: string;
  published?: string;
  updated?: string;
  authors: string[];
  tags: string[];
}

interface Feed {
  format: 'json-feed' | 'rss' | 'atom';
  title?: string;
  items: FeedItem[];
}

/** How many item ids the inlet remembers for `newItemsOnly`; the oldest are forgotten first. */
const SEEN_IDS_LIMIT = 10_000;

export default function jsonFeedInlet({ defineInlet, newRecord, z }: Sdk) {
  return defineInlet({
    type: 'examples.json-feed-inlet',
    label: 'Feed',
    category: 'Web',
    description: 'Reads a JSON Feed, RSS or Atom feed over HTTP; one record per feed item.',
    icon: 'rss',
    color: '#f26522',
    config: z.object({
      url: z.url().describe('Address of the feed.'),
      format: z
        .enum(['auto', 'json-feed', 'rss', 'atom'])
        .default('auto')
        .describe('Format of the feed; auto tells JSON Feed, RSS and Atom apart by the content.'),
      newItemsOnly: z
        .boolean()
        .default(true)
        .describe('Produce only items whose id an earlier transfer of this node has not seen.'),
      maxItems: z.number().int().min(1).optional().describe('Produce at most this many items per transfer, first in feed order.'),
      timeoutMs: z.number().int().min(100).default(10_000).describe('Time limit of one request, in milliseconds.'),
      headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers.'),
    }),
    create(config: Config, context: Context) {
      const seenIds = new Set<string>();

      return {
        async pull() {
          const text = await fetchFeed(config, context.signal);
          const feed = parseFeed(text, config.format, config.url);
          let items = feed.items;
          if (config.newItemsOnly) items = items.filter((item) => !seenIds.has(item.id));
          if (config.maxItems !== undefined) items = items.slice(0, config.maxItems);

          for (const item of items) remember(seenIds, item.id);
          context.logger.debug({ url: config.url, format: feed.format, items: feed.items.length, produced: items.length }, 'Feed read');
          return items.map((item) => newRecord(item, { feedUrl: config.url, feedTitle: feed.title, feedFormat: feed.format }));
        },
      };
    },
  });
}

async function fetchFeed(config: Config, shutdown: AbortSignal): Promise<string> {
  const signal = AbortSignal.any([shutdown, AbortSignal.timeout(config.timeoutMs)]);
  const response = await fetch(config.url, {
    headers: {
      accept: 'application/feed+json, application/json, application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.5',
      ...config.headers,
    },
    signal,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`GET ${config.url} returned HTTP ${response.status} ${response.statusText}: ${text.slice(0, 200)}`);
  }
  return text;
}

function remember(seenIds: Set<string>, id: string): void {
  seenIds.add(id);
  if (seenIds.size <= SEEN_IDS_LIMIT) return;
  const oldest = seenIds.values().next().value;
  if (oldest !== undefined) seenIds.delete(oldest);
}

/** Parses a feed document; throws naming the URL when it is not the expected format. */
export function parseFeed(text: string, format: Config['format'], url: string): Feed {
  const trimmed = text.trimStart();
  const detected = format === 'auto' ? detectFormat(trimmed) : format;
  if (detected === undefined) {
    throw new Error(`The response of ${url} is not a JSON Feed, RSS or Atom document (it starts with ${JSON.stringify(trimmed.slice(0, 40))}). Check the URL, or set format.`);
  }
  if (detected === 'json-feed') return parseJsonFeed(trimmed, url);
  return parseXmlFeed(trimmed, detected, url);
}

function detectFormat(text: string): Feed['format'] | undefined {
  if (text.startsWith('{')) return 'json-feed';
  if (/<rss[\s>]|<rdf:RDF[\s>]/.test(text)) return 'rss';
  if (/<feed[\s>]/.test(text)) return 'atom';
  return undefined;
}

// ---- JSON Feed (https://www.jsonfeed.org/version/1.1/) ----

function parseJsonFeed(text: string, url: string): Feed {
  let document: any;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`The response of ${url} is not valid JSON: ${(error as Error).message}`);
  }
  if (!document || !Array.isArray(document.items)) {
    throw new Error(`The response of ${url} has no "items" array, so it is not a JSON Feed. Check the URL, or set format.`);
  }

  const items = document.items.map((item: any, index: number): FeedItem => {
    const authors = [...asArray(item.authors), ...asArray(item.author)].map((author: any) => author?.name).filter(isText);
    return {
      id: String(item.id ?? item.url ?? `${url}#${index}`),
      url: optionalText(item.url),
      title: optionalText(item.title),
      summary: optionalText(item.summary),
      content: optionalText(item.content_html ?? item.content_text),
      published: isoDate(item.date_published),
      updated: isoDate(item.date_modified),
      authors,
      tags: asArray(item.tags).filter(isText),
    };
  });
  return { format: 'json-feed', title: optionalText(document.title), items };
}

// ---- RSS 2.0, RSS 1.0 and Atom ----
// NOTE: A small reader for well-formed feeds, not a full XML parser: it finds each item's
// elements by name, decodes entities and CDATA, and ignores namespaces other than the prefixes
// used below. A feed that nests an element inside one of the same name is read wrongly.

function parseXmlFeed(text: string, format: 'rss' | 'atom', url: string): Feed {
  const itemTag = format === 'rss' ? 'item' : 'entry';
  const blocks = elements(text, itemTag);
  const head = text.split(new RegExp(`<${itemTag}[\\s>]`))[0];
  const title = childText(head, 'title');

  const items = blocks.map((block, index): FeedItem => {
    const link = format === 'rss' ? (childText(block, 'link') ?? attribute(block, 'link', 'href')) : atomLink(block);
    const id = childText(block, format === 'rss' ? 'guid' : 'id') ?? link ?? `${url}#${index}`;
    const authorBlocks = [...elements(block, 'author'), ...elements(block, 'dc:creator')];
    return {
      id,
      url: link,
      title: childText(block, 'title'),
      summary: childText(block, format === 'rss' ? 'description' : 'summary'),
      content: childText(block, 'content:encoded') ?? childText(block, 'content'),
      published: isoDate(childText(block, 'pubDate') ?? childText(block, 'published') ?? childText(block, 'dc:date')),
      updated: isoDate(childText(block, 'updated') ?? childText(block, 'atom:updated')),
      authors: authorBlocks.map((author) => childText(author, 'name') ?? decodeText(author)).filter(isText),
      tags: format === 'rss' ? elements(block, 'category').map(decodeText).filter(isText) : attributes(block, 'category', 'term'),
    };
  });
  return { format, title, items };
}

/** Inner text of each `<name ...>...</name>` element in `xml`, in document order. */
function elements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${escapeName(name)}(?:\\s[^>]*)?>([\\s\\S]*?)</${escapeName(name)}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1]);
}

function childText(xml: string, name: string): string | undefined {
  const [first] = elements(xml, name);
  if (first === undefined) return undefined;
  const text = decodeText(first).trim();
  return text === '' ? undefined : text;
}

function attribute(xml: string, element: string, name: string): string | undefined {
  return attributes(xml, element, name)[0];
}

function attributes(xml: string, element: string, name: string): string[] {
  const tags = xml.match(new RegExp(`<${escapeName(element)}\\s[^>]*>`, 'g')) ?? [];
  return tags
    .map((tag) => tag.match(new RegExp(`\\s${escapeName(name)}\\s*=\\s*("([^"]*)"|'([^']*)')`)))
    .map((match) => (match ? decodeEntities(match[2] ?? match[3]) : undefined))
    .filter(isText);
}

/** Returns the Atom entry's `alternate` link, or its first link without a rel. */
function atomLink(block: string): string | undefined {
  const tags = block.match(/<link\s[^>]*>/g) ?? [];
  const alternate = tags.find((tag) => /\srel\s*=\s*["']alternate["']/.test(tag)) ?? tags.find((tag) => !/\srel\s*=/.test(tag));
  return alternate ? attribute(alternate, 'link', 'href') : undefined;
}

function decodeText(xml: string): string {
  const withoutCdata = xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, inner: string) => inner.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  return decodeEntities(withoutCdata.replace(/<[^>]+>/g, ''));
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity] as string;
  });
}

function escapeName(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function asArray(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
