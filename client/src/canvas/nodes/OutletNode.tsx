import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { StudioNode } from '../../store/flow-nodes';
import { NodeShell } from './NodeShell';

/** An outlet on the canvas: records arrive through the handle on the left. */
export const OutletNode = memo(function OutletNode({ id, data, selected }: NodeProps<StudioNode>) {
  return (
    <>
      <Handle type="target" position={Position.Left} className="studio-handle studio-handle--outlet" />
      <NodeShell id={id} kind="outlet" type={data.type} label={data.label} selected={Boolean(selected)} />
    </>
  );
});
