// The client shows a link's next fire times, so the schedule rules live in @databay-studio/shared.
// The engine imports them from here.
export {
  nextFireTime,
  nextFireTimes,
  describeSchedule,
  previewSchedule,
  effectiveSchedule,
  linkScheduleConfigShape,
  scheduleSchema,
  overlapConfigSchema,
  overlapConfigShape,
  checkOverlapConfig,
  DEFAULT_MAX_CONCURRENT,
  OVERLAP_POLICIES,
  InvalidCronError,
  InvalidTimeZoneError,
  isCronSchedule,
  type Schedule,
  type ScheduleSpec,
  type CronSchedule,
  type IntervalSchedule,
  type OverlapPolicy,
  type OverlapConfig,
  type SchedulePreview,
} from '@databay-studio/shared';
export { OverlapGate, type TickOutcome } from './overlap-gate.js';
