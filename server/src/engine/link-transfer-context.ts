import type { Logger } from 'pino';
import { toError, TransferError } from './errors.js';
import type { FailureStage, NodeFailedEvent } from './events.js';
import type { Inlet } from './inlet.js';
import type { Outlet } from './outlet.js';
import type { StartedPulls, TransferContext } from './transfer.js';
import type { Update } from './update.js';

/** The part of a link that a transfer's context reads and reports failures to. */
export interface ContextLink {
  readonly id: string;
  readonly inlets: readonly Inlet[];
  readonly outlets: readonly Outlet[];
  readonly ignoreExceptions: boolean;
  readonly logger: Logger;
  reportNodeFailure(event: Omit<NodeFailedEvent, 'link'>, logger: Logger): void;
}

/** Pulls of a context before its transfer started them. */
const NO_PULLS: StartedPulls = { inlets: 'one', value: undefined, threw: false };

/**
 * State of one running transfer of a link. Its logger carries the update and is only built when
 * a line is logged.
 */
export class LinkTransferContext implements TransferContext {
  readonly recordsIn: number[];
  readonly recordsOut: number[];
  /**
   * The pulls the transfer started. Set after construction, because the pulls need the
   * context; it starts as an object of the same shape so that V8 keeps the field's type.
   */
  pulls: StartedPulls = NO_PULLS;
  private childLogger: Logger | undefined;

  constructor(
    readonly link: ContextLink,
    readonly update: Update,
    readonly startedAtMs: number,
  ) {
    this.recordsIn = new Array<number>(link.inlets.length).fill(0);
    this.recordsOut = new Array<number>(link.outlets.length).fill(0);
  }

  get logger(): Logger {
    this.childLogger ??= this.link.logger.child({
      update: this.update.toString(),
      transferNumber: this.update.transferNumber,
    });
    return this.childLogger;
  }

  fail(stage: FailureStage, node: Inlet | Outlet | undefined, nodeName: string, thrown: unknown): void {
    const error = toError(thrown);
    this.link.reportNodeFailure({ update: this.update, stage, node, nodeName, error }, this.logger);
    if (!this.link.ignoreExceptions) {
      throw new TransferError(this.link.id, this.update.toString(), stage, nodeName, error);
    }
  }
}
