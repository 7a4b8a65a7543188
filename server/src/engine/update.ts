/** Identifies one transfer of a link: the link's tags plus the transfer's number. */
export class Update {
  readonly tags: readonly string[];
  /** 0 for the link's first transfer, then one more for each. */
  readonly transferNumber: number;

  constructor(tags: readonly string[], transferNumber: number) {
    // A frozen array cannot change under the update, so it is shared; links pass frozen tags.
    this.tags = Object.isFrozen(tags) ? tags : Object.freeze([...tags]);
    this.transferNumber = transferNumber;
  }

  /** Returns `tag1.tag2.N`, or just `N` when the link has no tags. */
  toString(): string {
    return [...this.tags, String(this.transferNumber)].join('.');
  }

  toJSON(): string {
    return this.toString();
  }
}
