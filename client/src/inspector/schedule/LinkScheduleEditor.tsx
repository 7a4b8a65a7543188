import { useMemo } from 'react';
import { useNow } from '../../canvas/use-now';
import { FieldRow } from '../schema-form/FieldRow';
import { SchemaFormContext } from '../schema-form/form-context';
import { IntervalField } from '../schema-form/IntervalField';
import { coerceNumberInput } from '../schema-form/values';
import {
  browserTimeZone,
  formatFireTime,
  fromDateTimeLocal,
  linkSchedulePreview,
  scheduleModeOf,
  scheduleWindowOf,
  SCHEDULE_FIELD_TITLES,
  switchScheduleMode,
  timeZoneOptions,
  toDateTimeLocal,
  withCronFields,
  withInterval,
  withOverlap,
  withScheduleWindow,
  type ScheduleMode,
} from './schedule-form';

// The overlap policies and their default maximum are repeated from shared/src/schedule.ts, because
// importing anything from that module puts its zod schemas, and zod, into the client bundle.
const OVERLAP_POLICIES = ['skip', 'queue', 'parallel'] as const;
const DEFAULT_MAX_CONCURRENT = 2;

const OVERLAP_HELP: Record<string, string> = {
  skip: 'Skip a tick while the previous transfer still runs.',
  queue: 'Keep one tick waiting and run it when the previous transfer ends.',
  parallel: 'Start transfers alongside the running ones, up to a maximum.',
};

const NO_SCHEMA = {};

interface LinkScheduleEditorProps {
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  /** Deploy errors by config path, e.g. `schedule.cron`. */
  errorsByPath: Record<string, string[]>;
}

/**
 * Edits when a link runs: an interval or a cron expression in a time zone, an optional start and
 * end, and what happens to a tick while a transfer still runs. Shows the schedule in words and
 * its next three fire times as the user types, and deploy errors under the field they name.
 */
export function LinkScheduleEditor({ config, onChange, errorsByPath }: LinkScheduleEditorProps) {
  const form = useMemo(() => ({ root: {}, errorsByPath, stepTypes: () => [] }), [errorsByPath]);
  const now = useNow(true, 30_000);
  const mode = scheduleModeOf(config);
  const schedule = (config.schedule ?? {}) as { cron?: string; timezone?: string };
  const window = scheduleWindowOf(config);
  const preview = linkSchedulePreview(config, now);
  const zones = useMemo(() => timeZoneOptions(schedule.timezone), [schedule.timezone]);
  const overlap = typeof config.overlap === 'string' ? config.overlap : 'skip';

  const setMode = (next: ScheduleMode) => onChange(switchScheduleMode(config, next, browserTimeZone()));

  return (
    <SchemaFormContext.Provider value={form}>
      <div className="schedule-editor" data-testid="schedule-editor">
        <div className="segmented" role="radiogroup" aria-label="Schedule kind">
          {(['interval', 'cron'] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={mode === option}
              className={mode === option ? 'is-active' : ''}
              data-testid={`schedule-mode-${option}`}
              onClick={() => setMode(option)}
            >
              {option === 'interval' ? 'Interval' : 'Cron'}
            </button>
          ))}
        </div>

        {mode === 'interval' ? (
          <FieldRow path="interval" title={SCHEDULE_FIELD_TITLES.interval} schema={NO_SCHEMA} isRequired>
            <IntervalField path="interval" schema={NO_SCHEMA} value={config.interval} onChange={(interval) => onChange(withInterval(config, interval))} />
          </FieldRow>
        ) : (
          <>
            <FieldRow path="schedule.cron" title={SCHEDULE_FIELD_TITLES['schedule.cron']} schema={{ description: 'minute hour day-of-month month day-of-week, e.g. 0 6 * * 1-5; a sixth field in front sets seconds.' }} isRequired>
              <input
                id="input-schedule.cron"
                className="mono"
                data-testid="field-schedule.cron"
                value={schedule.cron ?? ''}
                spellCheck={false}
                onChange={(event) => onChange(withCronFields(config, { cron: event.target.value }))}
              />
            </FieldRow>
            <FieldRow path="schedule.timezone" title={SCHEDULE_FIELD_TITLES['schedule.timezone']} schema={NO_SCHEMA} isRequired={false}>
              <select
                id="input-schedule.timezone"
                data-testid="field-schedule.timezone"
                value={schedule.timezone ?? ''}
                onChange={(event) => onChange(withCronFields(config, { timezone: event.target.value || undefined }))}
              >
                <option value="">Server's zone</option>
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </select>
            </FieldRow>
          </>
        )}

        <div className="schedule-editor__window">
          <FieldRow path="schedule.startAt" title={SCHEDULE_FIELD_TITLES['schedule.startAt']} schema={NO_SCHEMA} isRequired={false}>
            <input
              id="input-schedule.startAt"
              type="datetime-local"
              data-testid="field-schedule.startAt"
              value={toDateTimeLocal(window.startAt)}
              onChange={(event) => onChange(withScheduleWindow(config, { startAt: fromDateTimeLocal(event.target.value) }))}
            />
          </FieldRow>
          <FieldRow path="schedule.endAt" title={SCHEDULE_FIELD_TITLES['schedule.endAt']} schema={NO_SCHEMA} isRequired={false}>
            <input
              id="input-schedule.endAt"
              type="datetime-local"
              data-testid="field-schedule.endAt"
              value={toDateTimeLocal(window.endAt)}
              onChange={(event) => onChange(withScheduleWindow(config, { endAt: fromDateTimeLocal(event.target.value) }))}
            />
          </FieldRow>
        </div>
        <p className="field__help">Start and end are in your browser's time ({browserTimeZone()}).</p>

        {preview && (
          <div className={preview.error ? 'schedule-preview is-invalid' : 'schedule-preview'} data-testid="schedule-preview">
            <div className="schedule-preview__description">{preview.description}</div>
            {preview.error ? (
              <p className="field__error">{preview.error}</p>
            ) : preview.nextFireTimes.length === 0 ? (
              <p className="muted">No transfer is due any more: the end is past.</p>
            ) : (
              <ol className="schedule-preview__times" aria-label="Next transfers">
                {preview.nextFireTimes.map((time) => (
                  <li key={time}>{formatFireTime(time, mode === 'cron' ? schedule.timezone : undefined)}</li>
                ))}
              </ol>
            )}
            {mode === 'interval' && !window.startAt && !preview.error && <p className="muted">Counted from now; a deployed link counts from its deploy.</p>}
            {mode === 'cron' && !schedule.timezone && !preview.error && (
              <p className="muted">Shown in your browser's zone; the server runs the cron in its own zone.</p>
            )}
          </div>
        )}
      </div>

      <FieldRow path="overlap" title={SCHEDULE_FIELD_TITLES.overlap} schema={{ description: OVERLAP_HELP[overlap] }} isRequired={false}>
        <select id="input-overlap" data-testid="field-overlap" value={overlap} onChange={(event) => onChange(withOverlap(config, event.target.value))}>
          {OVERLAP_POLICIES.map((policy) => (
            <option key={policy} value={policy}>
              {policy}
            </option>
          ))}
        </select>
      </FieldRow>
      {overlap === 'parallel' && (
        <FieldRow path="maxConcurrent" title={SCHEDULE_FIELD_TITLES.maxConcurrent} schema={{ default: DEFAULT_MAX_CONCURRENT }} isRequired={false}>
          <input
            id="input-maxConcurrent"
            type="text"
            inputMode="numeric"
            data-testid="field-maxConcurrent"
            defaultValue={typeof config.maxConcurrent === 'number' ? String(config.maxConcurrent) : ''}
            onChange={(event) => {
              const parsed = coerceNumberInput(event.target.value, true);
              if (parsed.error !== undefined) return;
              const { maxConcurrent: _previous, ...rest } = config;
              onChange(parsed.value === undefined ? rest : { ...rest, maxConcurrent: parsed.value });
            }}
          />
        </FieldRow>
      )}
    </SchemaFormContext.Provider>
  );
}
