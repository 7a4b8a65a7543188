/** One processor or grouper step as a canvas chip shows it, e.g. `filter: payload.weather = "rain"`. */
export interface StepChip {
  type: string;
  /** The config in a few words; empty when the step has nothing worth showing. */
  summary: string;
}

/** Longest summary a chip shows before it ends in an ellipsis. */
export const STEP_SUMMARY_LENGTH = 36;

type Config = Record<string, unknown>;

const SUMMARIES: Record<string, (config: Config) => string> = {
  filter: (config) => text(config.expression),
  map: (config) => text(config.expression),
  'set-metadata': (config) => joinDefined([text(config.key), text(config.expression)], ' = '),
  split: (config) => text(config.path) || 'payload',
  dedupe: (config) => joinDefined([text(config.key), config.window === undefined ? '' : `window ${text(config.window)}`], ', '),
  buffer: summarizeBuffer,
  batch: (config) => (config.size === undefined ? '' : `size ${text(config.size)}`),
  'group-by': (config) => text(config.key),
};

/** Describes each entry of a `processors` or `groupers` config value; anything that is not a list gives no chips. */
export function stepChips(steps: unknown): StepChip[] {
  if (!Array.isArray(steps)) return [];
  return steps.map((step) => summarizeStep(step));
}

/** Describes one step: its type id and its config shortened to STEP_SUMMARY_LENGTH characters. */
export function summarizeStep(step: unknown): StepChip {
  const record = isRecord(step) ? step : {};
  const type = typeof record.type === 'string' && record.type ? record.type : '?';
  const config = isRecord(record.config) ? record.config : {};

  const summarize = SUMMARIES[type] ?? summarizeAny;
  return { type, summary: shorten(summarize(config)) };
}

/** Formats a chip as one line, e.g. for its tooltip. */
export function formatStepChip(chip: StepChip): string {
  return chip.summary ? `${chip.type}: ${chip.summary}` : chip.type;
}

function summarizeBuffer(config: Config): string {
  const thresholds = [
    config.countThreshold === undefined ? '' : `${text(config.countThreshold)} records`,
    config.timeThreshold === undefined ? '' : `${text(config.timeThreshold)} ms`,
  ].filter(Boolean);
  const joiner = config.mode === 'all' ? ' and ' : ' or ';
  return thresholds.length > 0 ? `until ${thresholds.join(joiner)}` : '';
}

// A plugin's step type has no summary of its own, so its scalar options are listed as key=value.
function summarizeAny(config: Config): string {
  return Object.entries(config)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key}=${text(value)}`)
    .join(', ');
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function joinDefined(parts: string[], separator: string): string {
  return parts.filter(Boolean).join(separator);
}

function shorten(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= STEP_SUMMARY_LENGTH) return oneLine;
  return `${oneLine.slice(0, STEP_SUMMARY_LENGTH - 1).trimEnd()}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
