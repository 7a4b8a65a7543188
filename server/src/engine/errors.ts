import type { FailureStage } from './events.js';

/** Turns anything thrown into an Error, so logs and events always carry a message and a stack. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(`Non-error value thrown: ${String(thrown)}`);
}

const STAGE_LABEL: Record<FailureStage, string> = {
  start: 'onStart of',
  inlet: 'inlet',
  processor: 'processor',
  grouper: 'grouper',
  outlet: 'outlet',
  shutdown: 'onShutdown of',
};

/** Describes where a failure happened, e.g. `inlet "HttpInlet"`. */
export function describeFailure(stage: FailureStage, nodeName: string): string {
  return `${STAGE_LABEL[stage]} "${nodeName}"`;
}

/** A transfer failed because a node, processor or grouper threw and the link does not ignore exceptions. */
export class TransferError extends Error {
  override name = 'TransferError';
  readonly linkId: string;
  /** The update of the failed transfer, e.g. `quakes.12`. */
  readonly update: string;
  readonly stage: FailureStage;
  readonly nodeName: string;

  constructor(linkId: string, update: string, stage: FailureStage, nodeName: string, cause: Error) {
    super(
      `Transfer ${update} of link "${linkId}" failed: ${describeFailure(stage, nodeName)} threw: ${cause.message}`,
      { cause },
    );
    this.linkId = linkId;
    this.update = update;
    this.stage = stage;
    this.nodeName = nodeName;
  }
}

/** A node's onStart or onShutdown threw and the link does not ignore exceptions. */
export class NodeLifecycleError extends Error {
  override name = 'NodeLifecycleError';
  readonly linkId: string;
  readonly stage: 'start' | 'shutdown';
  readonly nodeName: string;

  constructor(linkId: string, stage: 'start' | 'shutdown', nodeName: string, cause: Error) {
    super(`Link "${linkId}": ${describeFailure(stage, nodeName)} threw: ${cause.message}`, { cause });
    this.linkId = linkId;
    this.stage = stage;
    this.nodeName = nodeName;
  }
}

/** A link option has a value the link cannot run with. */
export class InvalidLinkOptionError extends Error {
  override name = 'InvalidLinkOptionError';
}
