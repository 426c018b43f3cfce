/**
 * A queue that serves its owners in turn: each owner's items come out in order, and the next item
 * is always the waiting owner's served longest ago (never served: first), so one owner's backlog
 * never starves another's single item.
 */
export class FairQueue<T> {
  private readonly byOwner = new Map<string, T[]>();
  /** When each owner was last served, on a counter of shifts. */
  private readonly lastServed = new Map<string, number>();
  private served = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(owner: string, item: T): void {
    const items = this.byOwner.get(owner);
    if (items) items.push(item);
    else this.byOwner.set(owner, [item]);
    this.count++;
  }

  /** The next item of an owner that `eligible` accepts (default: any owner). */
  shift(eligible: (owner: string) => boolean = () => true): T | undefined {
    let next: string | undefined;
    for (const owner of this.byOwner.keys()) {
      if (!eligible(owner)) continue;
      if (next === undefined || (this.lastServed.get(owner) ?? -1) < (this.lastServed.get(next) ?? -1))
        next = owner;
    }
    if (next === undefined) return undefined;
    const items = this.byOwner.get(next) as T[];
    const item = items.shift() as T;
    if (items.length === 0) this.byOwner.delete(next);
    this.lastServed.set(next, this.served++);
    this.count--;
    return item;
  }

  /** Removes and returns every item. */
  drain(): T[] {
    const all: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) all.push(item);
    return all;
  }
}
