import { memo, useMemo } from 'react';
import { formatStepChip, stepChips } from '../step-summary';

interface StepChipsProps {
  nodeId: string;
  processors: unknown;
  groupers?: unknown;
}

/** The processor and grouper steps of a link or outlet, in run order, one small chip each. */
export const StepChips = memo(function StepChips({ nodeId, processors, groupers }: StepChipsProps) {
  const processorChips = useMemo(() => stepChips(processors), [processors]);
  const grouperChips = useMemo(() => stepChips(groupers), [groupers]);
  if (processorChips.length === 0 && grouperChips.length === 0) return null;

  const chips = [
    ...processorChips.map((chip) => ({ ...chip, kind: 'processor' })),
    ...grouperChips.map((chip) => ({ ...chip, kind: 'grouper' })),
  ];

  return (
    <ol className="step-chips" data-testid={`node-steps-${nodeId}`}>
      {chips.map((chip, index) => (
        <li key={index} className={`step-chip step-chip--${chip.kind}`} data-testid="step-chip" title={`${chip.kind} ${index + 1}: ${formatStepChip(chip)}`}>
          <span className="step-chip__type">{chip.type}</span>
          {chip.summary && <span className="step-chip__summary">{chip.summary}</span>}
        </li>
      ))}
    </ol>
  );
});
