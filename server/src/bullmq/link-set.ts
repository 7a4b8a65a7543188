import type { Link } from '../engine/link.js';

/** An emitter that re-emits the events of the links it holds. */
type Relay = Parameters<Link['addRelay']>[0];

/**
 * The links of a planner or worker, found by id, because a transfer job names its link by id
 * and the job scheduler of a link is keyed by it. Holding a link relays its events.
 */
export class LinkSet {
  private readonly byId = new Map<string, Link>();

  constructor(private readonly relay: Relay) {}

  get size(): number {
    return this.byId.size;
  }

  get links(): Link[] {
    return [...this.byId.values()];
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  get(linkId: string): Link | undefined {
    return this.byId.get(linkId);
  }

  has(link: Link): boolean {
    return this.byId.get(link.id) === link;
  }

  /**
   * Adds the links not held yet and returns them. Throws, adding none, when another link
   * already has the id of one of them, because both would share one job scheduler.
   */
  add(links: Link[]): Link[] {
    const added: Link[] = [];
    const ids = new Map<string, Link>();
    for (const link of links) {
      const holder = this.byId.get(link.id) ?? ids.get(link.id);
      if (holder === link) continue;
      if (holder !== undefined) {
        throw new Error(
          `Duplicate link id "${link.id}": another link already has it. Give each link a unique id, because jobs name their link by id.`,
        );
      }
      ids.set(link.id, link);
      added.push(link);
    }

    for (const link of added) {
      this.byId.set(link.id, link);
      link.addRelay(this.relay);
    }
    return added;
  }

  /** Removes the given links that are held and returns them. Events of their running transfers are still relayed. */
  remove(links: Link[]): Link[] {
    const removed = links.filter((link) => this.has(link));
    for (const link of removed) this.byId.delete(link.id);
    return removed;
  }

  /** Stops relaying a removed link's events, once its last transfer ended. */
  release(link: Link): void {
    if (!this.has(link)) link.removeRelay(this.relay);
  }
}

export function toArray(links: Link | Link[]): Link[] {
  return Array.isArray(links) ? links : [links];
}
