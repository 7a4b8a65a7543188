/** Button label and tooltip text of the run-now command. */
export interface RunNowText {
  label: string;
  description: string;
}

/**
 * Returns the run-now button's label and tooltip text, naming the selected link by its label. A
 * link without a label gets a neutral wording, because its node id is not a name the user gave.
 * With no link selected, run now runs every link of the flow.
 */
export function describeRunNow(selectedLink: { label?: string } | null): RunNowText {
  if (!selectedLink) return { label: 'Run now', description: 'Run every link of the flow now' };

  const name = selectedLink.label?.trim();
  if (!name) return { label: 'Run selected link now', description: 'Run the selected link now' };

  return { label: `Run "${name}" now`, description: `Run the selected link "${name}" now` };
}
