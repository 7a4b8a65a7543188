import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { DataRecord } from '../../engine/record.js';
import { Update } from '../../engine/update.js';
import type { ProcessorContext } from '../define-processor.js';

const dataFolder = fileURLToPath(new URL('../../../../examples/data/', import.meta.url));

export interface WeatherRow {
  date: string;
  precipitation: number;
  temp_max: number;
  temp_min: number;
  wind: number;
  weather: string;
}

/** Reads the 1,461 daily rows of the Seattle weather CSV, with numbers cast. */
export function readWeatherRows(): WeatherRow[] {
  const text = readFileSync(join(dataFolder, 'seattle-weather.csv'), 'utf8');
  return parse(text, { columns: true, cast: true }) as WeatherRow[];
}

/** Makes one record per weather row, with the source file in the metadata. */
export function weatherRecords(): DataRecord<WeatherRow>[] {
  return readWeatherRows().map((row) => new DataRecord(row, { source: 'seattle-weather.csv' }));
}

export interface QuakeFeature {
  id: string;
  type: 'Feature';
  properties: { mag: number | null; place: string | null; type: string; time: number; [key: string]: unknown };
  geometry: { type: string; coordinates: number[] };
}

export interface QuakeFeed {
  type: 'FeatureCollection';
  features: QuakeFeature[];
  [key: string]: unknown;
}

/** Reads the USGS earthquake feed of one week: a FeatureCollection of 1,707 features. */
export function readQuakeFeed(): QuakeFeed {
  return JSON.parse(readFileSync(join(dataFolder, 'usgs-earthquakes-week.geojson'), 'utf8')) as QuakeFeed;
}

/** Makes one record per earthquake feature. */
export function quakeRecords(): DataRecord<QuakeFeature>[] {
  return readQuakeFeed().features.map((feature) => new DataRecord(feature, { source: 'usgs' }));
}

export const silentLogger = pino({ level: 'silent' });

/** Builds a step context with test ids and a silent logger; overrides replace any field. */
export function stepContext(overrides: Partial<ProcessorContext> = {}): ProcessorContext {
  return {
    flowId: 'flow-test',
    linkId: 'link-test',
    nodeId: 'link-test',
    list: 'processors',
    stepIndex: 0,
    logger: silentLogger,
    ...overrides,
  };
}

export function update(transferNumber = 0): Update {
  return new Update(['test'], transferNumber);
}

/** Creates a temp folder and returns it with a function that removes it. */
export function makeTempFolder(): { folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'databay-processors-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Types the output of a step whose records carry weather rows. */
export function asWeather(records: DataRecord[]): DataRecord<WeatherRow>[] {
  return records as DataRecord<WeatherRow>[];
}

/** Types the output of a step whose records carry earthquake features. */
export function asQuakes(records: DataRecord[]): DataRecord<QuakeFeature>[] {
  return records as DataRecord<QuakeFeature>[];
}
