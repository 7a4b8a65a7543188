import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { StudioNode } from '../../store/flow-nodes';
import { useStudio } from '../../store/studio-store';
import { describeIntervalConfig, formatCountdown, formatDuration } from '../link-summary';
import { useNow } from '../use-now';
import { NodeShell } from './NodeShell';

/** A link on the canvas: inlets connect on the left, outlets on the right; shows its schedule and last transfer. */
export const LinkNode = memo(function LinkNode({ id, data, selected }: NodeProps<StudioNode>) {
  const run = useStudio((state) => state.linkRuns[id]);
  const isDeployed = useStudio((state) => state.isDeployed);
  const now = useNow(Boolean(isDeployed && run?.nextAt && !run.runningUpdate));

  const interval = describeIntervalConfig(data.config.interval);
  const countdown = isDeployed && run?.nextAt ? formatCountdown(run.nextAt, now) : null;
  const last = run?.last;
  const recordCount = last?.recordsIn ?? last?.recordsOut;

  return (
    <>
      <Handle type="target" position={Position.Left} className="studio-handle studio-handle--link" />
      <NodeShell id={id} kind="link" type={data.type} label={data.label} selected={Boolean(selected)}>
        <div className="studio-node__body">
          <div className={interval.isValid ? 'link-interval' : 'link-interval is-invalid'}>{interval.text}</div>
          {run?.runningUpdate ? (
            <div className="link-running">transfer {run.runningUpdate} running…</div>
          ) : (
            countdown && <div className="link-next">next transfer {countdown}</div>
          )}
          {last && (
            <div className={`link-last link-last--${last.status}`} title={last.error}>
              last {last.update}: {last.status}
              {recordCount !== undefined && ` · ${recordCount} ${recordCount === 1 ? 'record' : 'records'}`}
              {last.durationMs !== undefined && ` · ${formatDuration(last.durationMs)}`}
            </div>
          )}
        </div>
      </NodeShell>
      <Handle type="source" position={Position.Right} className="studio-handle studio-handle--link" />
    </>
  );
});
