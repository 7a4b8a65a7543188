import type { Document, MongoClient, MongoClientOptions } from 'mongodb';
import type { Logger } from 'pino';
import { Outlet, type OutletOptions } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import type { Update } from '../engine/update.js';
import { describeValue, invalidOption } from './errors.js';
import { groupRecords } from './group-records.js';
import { defaultNodeLogger } from './logger.js';
import { redactUri } from './redact-uri.js';

export interface MongoOutletOptions extends OutletOptions {
  /** Connection string (default `mongodb://127.0.0.1:27017`). It may contain a password, which is never logged. */
  uri?: string;
  database: string;
  /** Default collection; a record's metadata `mongoCollection` overrides it. */
  collection?: string;
  /** Passed to `MongoClient`, e.g. `serverSelectionTimeoutMS`. */
  clientOptions?: MongoClientOptions;
  logger?: Logger;
}

export const DEFAULT_MONGO_URI = 'mongodb://127.0.0.1:27017';

/** Value key of the document written for a payload that is not an object, e.g. `{ value: 42 }`. */
export const MONGO_SCALAR_KEY = 'value';

/**
 * Inserts records into MongoDB with the official driver, one `insertMany` per collection per batch.
 * An array payload inserts one document per element, and an object payload is the document.
 * Any other payload, such as a number or a string, is inserted as `{ value: payload }`.
 * Documents are copied before insert, so the `_id` the driver adds never appears in the records.
 */
export class MongoOutlet extends Outlet {
  /** Metadata key whose value, a collection name, overrides `collection` for that record. */
  static readonly COLLECTION_METADATA_KEY = 'mongoCollection';

  readonly database: string;
  readonly collection: string | undefined;
  /** The connection string with its password replaced by `***`, safe to log and show. */
  readonly redactedUri: string;
  private readonly uri: string;
  private readonly clientOptions: MongoClientOptions;
  private readonly logger: Logger;
  private client: MongoClient | undefined;

  constructor(options: MongoOutletOptions) {
    super(options);
    this.uri = options.uri || DEFAULT_MONGO_URI;
    this.redactedUri = redactUri(this.uri);
    this.database = options.database;
    this.collection = options.collection || undefined;
    this.clientOptions = options.clientOptions ?? {};
    this.logger = options.logger ?? defaultNodeLogger;

    if (!/^mongodb(\+srv)?:\/\//.test(this.uri)) {
      throw invalidOption('MongoOutlet', 'uri', this.redactedUri, 'a connection string starting with mongodb:// or mongodb+srv://');
    }
    if (typeof this.database !== 'string' || this.database.length === 0) {
      throw invalidOption('MongoOutlet', 'database', options.database, 'the name of a database');
    }
  }

  override async onStart(): Promise<void> {
    if (this.client) return;

    // Loaded on first use: the driver and its BSON buffers cost about 15 MB of memory up front.
    const { MongoClient: Client } = await import('mongodb');
    const client = new Client(this.uri, this.clientOptions);
    this.logger.info({ outlet: this.name, uri: this.redactedUri, database: this.database }, 'connecting to MongoDB');
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw this.connectError(error);
    }
    this.client = client;
    this.logger.info({ outlet: this.name, uri: this.redactedUri }, 'connected to MongoDB');
  }

  override async onShutdown(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;

    await client.close();
    this.logger.info({ outlet: this.name, uri: this.redactedUri }, 'closed the MongoDB connection');
  }

  async push(records: DataRecord[], _update: Update): Promise<void> {
    if (records.length === 0) return;
    // A push outside a link (which starts its nodes first) connects on demand.
    if (!this.client) await this.onStart();
    const database = this.client!.db(this.database);

    const collections = groupRecords(records, (record) => this.collectionOf(record));
    for (const [collection, collectionRecords] of collections) {
      const documents: Document[] = [];
      for (const record of collectionRecords) appendDocuments(record.payload, documents);
      if (documents.length > 0) await database.collection(collection).insertMany(documents);
    }
  }

  private collectionOf(record: DataRecord): string {
    const routed = record.metadata[MongoOutlet.COLLECTION_METADATA_KEY];
    if (routed === undefined || routed === null) {
      if (this.collection === undefined) {
        throw invalidOption('MongoOutlet', 'collection', undefined, `a collection, or metadata "${MongoOutlet.COLLECTION_METADATA_KEY}" on every record`);
      }
      return this.collection;
    }

    if (typeof routed !== 'string' || routed.length === 0) {
      throw new TypeError(
        `MongoOutlet: metadata "${MongoOutlet.COLLECTION_METADATA_KEY}" must be a collection name, got ${describeValue(routed)}.`,
      );
    }
    return routed;
  }

  private connectError(error: unknown): Error {
    // Driver messages can quote the connection string; keep its password out of logs and the UI.
    const message = (error as Error).message.split(this.uri).join(this.redactedUri);
    return new Error(`MongoOutlet: could not connect to ${this.redactedUri}: ${message}`, { cause: error });
  }
}

/** Adds the documents of one payload to `documents`, as the class documentation describes. */
function appendDocuments(payload: unknown, documents: Document[]): void {
  if (Array.isArray(payload)) {
    for (const element of payload) documents.push(toDocument(element));
  } else {
    documents.push(toDocument(payload));
  }
}

function toDocument(value: unknown): Document {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    return { ...(value as Document) };
  }
  return { [MONGO_SCALAR_KEY]: value };
}
