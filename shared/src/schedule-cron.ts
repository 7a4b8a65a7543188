/**
 * Cron expressions: parsing into field sets and finding the next matching wall-clock time.
 * Wall-clock times are "naive" milliseconds: the local date and time written as if it were UTC,
 * so that the calendar arithmetic here never meets a time zone or a DST change.
 */

export class InvalidCronError extends Error {
  override name = 'InvalidCronError';
}

export interface CronFieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The six fields in the order of a six-field expression; five-field expressions omit `second`. */
export const CRON_FIELDS = {
  second: { name: 'second', min: 0, max: 59 },
  minute: { name: 'minute', min: 0, max: 59 },
  hour: { name: 'hour', min: 0, max: 23 },
  dayOfMonth: { name: 'day of month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  // 7 is accepted as a second name for Sunday and folded onto 0.
  dayOfWeek: { name: 'day of week', min: 0, max: 7, names: DAY_NAMES },
} as const satisfies Record<string, CronFieldSpec>;

export type CronFieldName = keyof typeof CRON_FIELDS;

/** One parsed field: the values it allows, and whether it was `*` or `?` (no restriction). */
export interface CronField {
  values: number[];
  wildcard: boolean;
  /** The field as written. */
  source: string;
}

export type ParsedCron = Record<CronFieldName, CronField> & {
  /** The expression as written. */
  expression: string;
  /** True when the expression had a seconds field. */
  hasSeconds: boolean;
};

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * Parses a cron expression of five fields (minute hour day-of-month month day-of-week) or six
 * (second first). Fields take `*`, `?` (day fields only), numbers, names (JAN-DEC, SUN-SAT),
 * ranges `a-b`, steps `*\/n`, `a/n`, `a-b/n` and comma lists. The macros `@hourly`, `@daily`,
 * `@weekly`, `@monthly` and `@yearly` work too.
 * Throws InvalidCronError quoting the expression and the field at fault.
 */
export function parseCron(expression: string): ParsedCron {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new InvalidCronError(
      `Invalid cron expression ${JSON.stringify(expression)}: it is empty. Write five or six fields, e.g. "0 */15 * * * *".`,
    );
  }

  const trimmed = expression.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new InvalidCronError(
      `Invalid cron expression "${expression}": it has ${parts.length} fields; write 5 (minute hour day-of-month month day-of-week) or 6 (second first).`,
    );
  }

  const hasSeconds = parts.length === 6;
  const texts = hasSeconds ? parts : ['0', ...parts];
  const names = Object.keys(CRON_FIELDS) as CronFieldName[];
  const fields = Object.fromEntries(
    names.map((name, index) => [name, parseField(expression, texts[index]!, CRON_FIELDS[name])]),
  ) as Record<CronFieldName, CronField>;

  fields.dayOfWeek.values = [...new Set(fields.dayOfWeek.values.map((day) => (day === 7 ? 0 : day)))].sort(
    (a, b) => a - b,
  );
  checkDayCanOccur(expression, fields);

  return { ...fields, expression, hasSeconds };
}

function parseField(expression: string, text: string, spec: CronFieldSpec): CronField {
  const fail = (reason: string): never => {
    throw new InvalidCronError(`Invalid cron expression "${expression}": ${spec.name} field "${text}" ${reason}.`);
  };

  if (text === '?' && (spec === CRON_FIELDS.dayOfMonth || spec === CRON_FIELDS.dayOfWeek)) {
    return { values: range(spec.min, spec.max, 1), wildcard: true, source: text };
  }

  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [rangeText, stepText, extra] = item.split('/');
    if (extra !== undefined || rangeText === undefined || rangeText === '') fail('is not a value, range or step');

    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) fail(`has step "${stepText}"; use a whole number of 1 or more`);
      step = Number(stepText);
    }

    let low: number;
    let high: number;
    if (rangeText === '*') {
      low = spec.min;
      high = spec.max;
    } else if (rangeText!.includes('-')) {
      const [lowText, highText] = rangeText!.split('-');
      low = parseValue(lowText!, spec, fail);
      high = parseValue(highText!, spec, fail);
      if (low > high) fail(`has range ${low}-${high} that runs backwards`);
    } else {
      low = parseValue(rangeText!, spec, fail);
      high = stepText === undefined ? low : spec.max;
    }

    for (const value of range(low, high, step)) values.add(value);
  }

  return {
    values: [...values].sort((a, b) => a - b),
    wildcard: text === '*',
    source: text,
  };
}

function parseValue(text: string, spec: CronFieldSpec, fail: (reason: string) => never): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (spec === CRON_FIELDS.month ? 1 : 0);

  if (!/^\d+$/.test(text)) {
    const allowed = spec.names ? `, or a name ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    fail(`has "${text}", which is not a number${allowed}`);
  }
  const value = Number(text);
  if (value < spec.min || value > spec.max) fail(`has ${value}, outside ${spec.min}-${spec.max}`);
  return value;
}

function range(low: number, high: number, step: number): number[] {
  const values: number[] = [];
  for (let value = low; value <= high; value += step) values.push(value);
  return values;
}

const MAX_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Rejects day-of-month and month pairs that never occur, such as "30 2" (February 30). */
function checkDayCanOccur(expression: string, fields: Record<CronFieldName, CronField>): void {
  if (fields.dayOfMonth.wildcard || !fields.dayOfWeek.wildcard) return;

  const possible = fields.month.values.some((month) =>
    fields.dayOfMonth.values.some((day) => day <= MAX_DAYS_IN_MONTH[month - 1]!),
  );
  if (!possible) {
    throw new InvalidCronError(
      `Invalid cron expression "${expression}": day of month "${fields.dayOfMonth.source}" never occurs in month "${fields.month.source}", so it would never fire.`,
    );
  }
}

/**
 * Tells whether a day matches. As in Vixie cron, when both day fields are restricted a day
 * matches if either one does; otherwise both must match.
 */
function dayMatches(cron: ParsedCron, date: Date): boolean {
  const byMonth = cron.dayOfMonth.values.includes(date.getUTCDate());
  const byWeek = cron.dayOfWeek.values.includes(date.getUTCDay());
  if (!cron.dayOfMonth.wildcard && !cron.dayOfWeek.wildcard) return byMonth || byWeek;
  return byMonth && byWeek;
}

// February 29 on a given weekday recurs within 28 years; anything rarer never fires.
const SEARCH_YEARS = 28;

/**
 * Returns the first wall-clock time at or after `fromNaive` that the expression matches, as naive
 * milliseconds. The search starts at the next whole second and gives up after 28 years.
 */
export function nextCronMatch(cron: ParsedCron, fromNaive: number): number | undefined {
  const date = new Date(Math.ceil(fromNaive / 1000) * 1000);
  const lastYear = date.getUTCFullYear() + SEARCH_YEARS;

  while (date.getUTCFullYear() <= lastYear) {
    if (!cron.month.values.includes(date.getUTCMonth() + 1)) {
      date.setUTCMonth(date.getUTCMonth() + 1, 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(cron, date)) {
      date.setUTCDate(date.getUTCDate() + 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!cron.hour.values.includes(date.getUTCHours())) {
      date.setUTCHours(date.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!cron.minute.values.includes(date.getUTCMinutes())) {
      date.setUTCMinutes(date.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    if (!cron.second.values.includes(date.getUTCSeconds())) {
      date.setUTCSeconds(date.getUTCSeconds() + 1, 0);
      continue;
    }
    return date.getTime();
  }
  return undefined;
}
