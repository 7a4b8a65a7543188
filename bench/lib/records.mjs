// Deterministic test records for the throughput workload: same seed, same file, byte for byte.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const FIRST_NAMES = ['Ada', 'José', 'Zoë', 'Łukasz', 'Søren', 'Amélie', 'Chidi', 'Mei', '李娜', 'Ömer', 'Nadia', 'Grace'];
const LAST_NAMES = ['Lovelace', 'Müller', "O'Brien", 'Núñez', 'Nakamura', 'Đorđević', 'Smith, Jr.', 'Østergaard', '王', 'Kowalski'];
const CITIES = ['Zürich', 'São Paulo', 'Kraków', 'Reykjavík', 'Montréal', '東京', 'Lagos', 'Austin'];
const TAGS = ['alpha', 'beta', 'gamma', 'δέλτα', 'needs "review"', 'a,b', 'naïve'];
const NOTES = [
  'Plain note',
  'Commas, inside, the text',
  'She said "hello" and left',
  'Quote at end "',
  'Ünïcödé — em dash and emoji 🚀',
  'Line one\nLine two',
  '"Fully quoted, with comma"',
  'Tab\tseparated',
];

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_TIME_MS = Date.UTC(2024, 0, 1);

/**
 * Builds record `index`. Every record has the same keys in the same order, so the CSV header
 * taken from the first record fits all rows.
 */
export function makeRecord(index, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const tagCount = Math.floor(random() * 4);
  const tags = [];
  for (let i = 0; i < tagCount; i += 1) tags.push(pick(TAGS));

  return {
    id: index + 1,
    externalId: `ext-${Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')}`,
    createdAt: new Date(BASE_TIME_MS + Math.floor(random() * 31_536_000_000)).toISOString(),
    name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
    amount: Math.round(random() * 1_000_000) / 100,
    ratio: random() * 2 - 1,
    tags,
    location: {
      city: pick(CITIES),
      lat: Math.round((random() * 180 - 90) * 1e6) / 1e6,
      lon: Math.round((random() * 360 - 180) * 1e6) / 1e6,
    },
    note: pick(NOTES),
  };
}

/** Writes `count` records as JSON Lines to `filePath`; resolves with the byte count. */
export async function writeJsonl(filePath, count, seed = 20240101) {
  const random = createRandom(seed);
  const out = createWriteStream(filePath);
  let bytes = 0;
  let chunk = '';

  for (let i = 0; i < count; i += 1) {
    chunk += JSON.stringify(makeRecord(i, random)) + '\n';
    if (chunk.length > 1 << 16) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return bytes;
}
