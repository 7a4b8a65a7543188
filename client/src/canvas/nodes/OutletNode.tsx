import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { StudioNode } from '../../store/flow-nodes';
import { NodeShell } from './NodeShell';
import { StepChips } from './StepChips';

/** An outlet on the canvas: records arrive through the handle on the left; shows its own processors. */
export const OutletNode = memo(function OutletNode({ id, data, selected }: NodeProps<StudioNode>) {
  const hasSteps = Array.isArray(data.config.processors) && data.config.processors.length > 0;

  return (
    <>
      <Handle type="target" position={Position.Left} className="studio-handle studio-handle--outlet" />
      <NodeShell id={id} kind="outlet" type={data.type} label={data.label} selected={Boolean(selected)}>
        {hasSteps && (
          <div className="studio-node__body">
            <StepChips nodeId={id} processors={data.config.processors} />
          </div>
        )}
      </NodeShell>
    </>
  );
});
