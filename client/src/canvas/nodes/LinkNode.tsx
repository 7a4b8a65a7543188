import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { linkSchedulePreview, formatFireTime, scheduleModeOf } from '../../inspector/schedule/schedule-form';
import type { StudioNode } from '../../store/flow-nodes';
import { useStudio } from '../../store/studio-store';
import { formatCountdown, formatDuration, formatRecordCounts } from '../link-summary';
import { useNow } from '../use-now';
import { NodeShell } from './NodeShell';
import { StepChips } from './StepChips';

/** A link on the canvas: inlets connect on the left, outlets on the right; shows its schedule, steps and last transfer. */
export const LinkNode = memo(function LinkNode({ id, data, selected }: NodeProps<StudioNode>) {
  const run = useStudio((state) => state.linkRuns[id]);
  const isDeployed = useStudio((state) => state.isDeployed);
  const now = useNow(Boolean(isDeployed && run?.nextAt && !run.runningUpdate));

  const config = data.config;
  const isCron = scheduleModeOf(config) === 'cron';
  const preview = linkSchedulePreview(config, now, isDeployed ? run?.nextAt : undefined);
  const timeZone = isCron ? (config.schedule as { timezone?: string }).timezone : undefined;
  // An undeployed interval link has no fixed times yet: its ticks count from the deploy.
  const hasFixedTimes = isDeployed || isCron || Boolean((config.schedule as { startAt?: string } | undefined)?.startAt);
  // The planner's own times are exact, also for a cron link in the server's zone, but only until
  // the next tick moves `nextAt`; after that the times are computed here from the new `nextAt`.
  const serverTimes = isDeployed && run?.scheduleNext && run.scheduleNext[0] === run.nextAt ? run.scheduleNext : undefined;
  const fireTimes = serverTimes ?? preview?.nextFireTimes ?? [];
  const countdown = isDeployed && run?.nextAt ? formatCountdown(run.nextAt, now) : null;
  const last = run?.last;
  const recordCounts = last ? formatRecordCounts(last.recordsIn, last.recordsOut) : null;

  return (
    <>
      <Handle type="target" position={Position.Left} className="studio-handle studio-handle--link" />
      <NodeShell id={id} kind="link" type={data.type} label={data.label} selected={Boolean(selected)}>
        <div className="studio-node__body">
          <div
            className={preview && !preview.error ? 'link-interval' : 'link-interval is-invalid'}
            data-testid={`link-schedule-${id}`}
            title={preview?.error}
          >
            {preview ? preview.description : 'no interval set'}
            {preview?.error && ' (invalid)'}
          </div>
          {hasFixedTimes && fireTimes.length > 0 && (
            <ol className="link-fire-times" data-testid={`link-fire-times-${id}`} aria-label="Next transfers">
              {fireTimes.map((time) => (
                <li key={time}>{formatFireTime(time, timeZone)}</li>
              ))}
            </ol>
          )}
          {run?.runningUpdate ? (
            <div className="link-running">transfer {run.runningUpdate} running…</div>
          ) : (
            countdown && <div className="link-next">next transfer {countdown}</div>
          )}
          {last && (
            <div className={`link-last link-last--${last.status}`} title={last.error}>
              last {last.update}: {last.status}
              {recordCounts && ` · ${recordCounts}`}
              {last.durationMs !== undefined && ` · ${formatDuration(last.durationMs)}`}
            </div>
          )}
          {config.streamBatches === true && (
            <div className="link-streams" data-testid={`link-streams-${id}`} title="Each batch an inlet reads goes to the outlets before the next is read">
              streams batches
            </div>
          )}
          <StepChips nodeId={id} processors={config.processors} groupers={config.groupers} />
        </div>
      </NodeShell>
      <Handle type="source" position={Position.Right} className="studio-handle studio-handle--link" />
    </>
  );
});
