import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BSON, type Document } from 'mongodb';

/** Documents one `insert` command carried, as the driver sent them. */
export interface ReceivedInsert {
  database: string;
  collection: string;
  documents: Document[];
}

export interface FakeMongoServer {
  /** `mongodb://127.0.0.1:<port>` */
  url: string;
  /** Names of the commands received, in order, e.g. `hello`, `insert`, `endSessions`. */
  commands: string[];
  inserts: ReceivedInsert[];
  /** Open client connections; 0 once the driver closed them all. */
  openConnections(): number;
  close(): Promise<void>;
}

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const HEADER_BYTES = 16;
const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

/**
 * Starts an in-process stand-in for a MongoDB server on 127.0.0.1. It implements just enough of
 * the wire protocol (OP_MSG, and OP_QUERY for a legacy handshake) for the official driver to
 * connect, ping, insert and end its sessions. It stores nothing but records what the driver sent.
 * Unknown commands get MongoDB's `CommandNotFound` error, so a test notices an unexpected command.
 */
export async function startFakeMongoServer(): Promise<FakeMongoServer> {
  const commands: string[] = [];
  const inserts: ReceivedInsert[] = [];
  const sockets = new Set<Socket>();
  let nextRequestId = 1;
  let nextConnectionId = 1;

  const server = createServer((socket) => {
    sockets.add(socket);
    const connectionId = nextConnectionId++;
    let pending = Buffer.alloc(0);

    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const reply = handleMessage(message, connectionId);
        if (reply) socket.write(reply);
      }
    });
  });

  function handleMessage(message: Buffer, connectionId: number): Buffer | undefined {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);

    if (opCode === OP_MSG) {
      const flags = message.readUInt32LE(HEADER_BYTES);
      const command = readOpMsg(message, flags);
      const reply = runCommand(command, connectionId);
      return flags & MORE_TO_COME ? undefined : encodeOpMsg(reply, requestId);
    }
    if (opCode === OP_QUERY) {
      return encodeOpReply(runCommand(readOpQuery(message), connectionId), requestId);
    }
    return encodeOpMsg({ ok: 0, errmsg: `fake MongoDB server: unsupported opCode ${opCode}`, code: 2 }, requestId);
  }

  function runCommand(command: Document, connectionId: number): Document {
    const name = Object.keys(command)[0] ?? '';
    commands.push(name);

    switch (name.toLowerCase()) {
      case 'hello':
      case 'ismaster':
        return {
          helloOk: true,
          isWritablePrimary: true,
          ismaster: true,
          maxBsonObjectSize: 16 * 1024 * 1024,
          maxMessageSizeBytes: 48_000_000,
          maxWriteBatchSize: 100_000,
          localTime: new Date(),
          logicalSessionTimeoutMinutes: 30,
          connectionId,
          minWireVersion: 0,
          maxWireVersion: 21,
          readOnly: false,
          ok: 1,
        };
      case 'ping':
      case 'endsessions':
        return { ok: 1 };
      case 'buildinfo':
        return { version: '7.0.0', versionArray: [7, 0, 0, 0], ok: 1 };
      case 'insert': {
        const documents = (command.documents ?? []) as Document[];
        inserts.push({ database: String(command.$db), collection: String(command.insert), documents });
        return { n: documents.length, ok: 1 };
      }
      default:
        return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
    }
  }

  function encodeOpMsg(reply: Document, responseTo: number): Buffer {
    const body = BSON.serialize(reply);
    const header = Buffer.alloc(HEADER_BYTES + 5);
    header.writeInt32LE(HEADER_BYTES + 5 + body.length, 0);
    header.writeInt32LE(nextRequestId++, 4);
    header.writeInt32LE(responseTo, 8);
    header.writeInt32LE(OP_MSG, 12);
    header.writeUInt32LE(0, 16);
    header.writeUInt8(0, 20);
    return Buffer.concat([header, body]);
  }

  function encodeOpReply(reply: Document, responseTo: number): Buffer {
    const body = BSON.serialize(reply);
    const header = Buffer.alloc(HEADER_BYTES + 20);
    header.writeInt32LE(HEADER_BYTES + 20 + body.length, 0);
    header.writeInt32LE(nextRequestId++, 4);
    header.writeInt32LE(responseTo, 8);
    header.writeInt32LE(OP_REPLY, 12);
    header.writeInt32LE(0, 16);
    header.writeBigInt64LE(0n, 20);
    header.writeInt32LE(0, 28);
    header.writeInt32LE(1, 32);
    return Buffer.concat([header, body]);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `mongodb://127.0.0.1:${port}`,
    commands,
    inserts,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Reads an OP_MSG: the kind 0 section is the command, each kind 1 section adds a document array. */
function readOpMsg(message: Buffer, flags: number): Document {
  const end = message.length - (flags & CHECKSUM_PRESENT ? 4 : 0);
  let offset = HEADER_BYTES + 4;
  let command: Document = {};
  const sequences: [string, Document[]][] = [];

  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      command = BSON.deserialize(message.subarray(offset, offset + size));
      offset += size;
      continue;
    }

    const size = message.readInt32LE(offset);
    const sectionEnd = offset + size;
    const nameEnd = message.indexOf(0, offset + 4);
    const identifier = message.toString('utf8', offset + 4, nameEnd);
    const documents: Document[] = [];
    let documentOffset = nameEnd + 1;
    while (documentOffset < sectionEnd) {
      const documentSize = message.readInt32LE(documentOffset);
      documents.push(BSON.deserialize(message.subarray(documentOffset, documentOffset + documentSize)));
      documentOffset += documentSize;
    }
    sequences.push([identifier, documents]);
    offset = sectionEnd;
  }

  for (const [identifier, documents] of sequences) command[identifier] = documents;
  return command;
}

/** Reads the command of an OP_QUERY against `<db>.$cmd`, which older handshakes use. */
function readOpQuery(message: Buffer): Document {
  const nameEnd = message.indexOf(0, HEADER_BYTES + 4);
  const collection = message.toString('utf8', HEADER_BYTES + 4, nameEnd);
  const queryOffset = nameEnd + 1 + 8;
  const size = message.readInt32LE(queryOffset);
  const query = BSON.deserialize(message.subarray(queryOffset, queryOffset + size));
  const command = (query.$query ?? query) as Document;
  return { ...command, $db: collection.split('.')[0] };
}
