/**
 * Reference count behind `onStart` and `onShutdown`: a node may belong to several links and
 * planners, but its hooks run once, on the first acquire and after the last release.
 */
export class NodeLifecycle {
  private users = 0;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly start: () => void | Promise<void>,
    private readonly shutdown: () => void | Promise<void>,
  ) {}

  get active(): boolean {
    return this.users > 0;
  }

  /** Registers one user; runs the start hook if this is the first. */
  async acquire(): Promise<void> {
    this.users += 1;
    if (this.users === 1) {
      if (this.stopping) await this.stopping;
      this.starting = Promise.resolve().then(this.start);
    }
    try {
      await this.starting;
    } catch (error) {
      this.users -= 1;
      if (this.users === 0) this.starting = undefined;
      throw error;
    }
  }

  /** Unregisters one user; runs the shutdown hook when it was the last. */
  async release(): Promise<void> {
    if (this.users === 0) return;
    this.users -= 1;
    if (this.users > 0) return;

    this.starting = undefined;
    this.stopping = Promise.resolve().then(this.shutdown);
    try {
      await this.stopping;
    } finally {
      this.stopping = undefined;
    }
  }
}
