import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { StudioNode } from '../../store/flow-nodes';
import { NodeShell } from './NodeShell';

/** An inlet on the canvas: records leave through the handle on the right. */
export const InletNode = memo(function InletNode({ id, data, selected }: NodeProps<StudioNode>) {
  return (
    <>
      <NodeShell id={id} kind="inlet" type={data.type} label={data.label} selected={Boolean(selected)} />
      <Handle type="source" position={Position.Right} className="studio-handle studio-handle--inlet" />
    </>
  );
});
