// The fair share of partitions between the live copies of a service, as pure arithmetic
// (decision 0024). Every copy computes the same shares from the same list of members:
// sorted by id, each gets ⌊P ÷ N⌋ and the first P mod N get one more, so the shares add
// up to P. A copy above its share gives up the excess; a copy below takes free partitions.
// Which ones: each copy ranks the partitions by a hash of (its id, partition), highest
// first (rendezvous hashing), takes the best free ones and gives up its worst, so two
// copies looking for work at the same moment mostly reach for different partitions, and a
// partition tends to go back to the same copy.
import { fnv1a32 } from '@ioc/contracts';

export interface PartitionView {
  /** How many partitions there are (0 … partitions − 1). */
  partitions: number;
  /** Ids of the live copies, this one included or not (it is added). */
  members: readonly string[];
  /** This copy's id. */
  self: string;
  /** Partitions this copy owns. */
  owned: ReadonlySet<number>;
  /** Partitions another copy owns. */
  taken: ReadonlySet<number>;
}

export interface PartitionPlan {
  /** How many partitions this copy should own. */
  share: number;
  /** Owned partitions to give up (above the share), least preferred first. */
  release: number[];
  /** Free partitions to try to take (below the share), most preferred first. */
  acquire: number[];
}

/** How many of `partitions` the copy `self` should own among `members`. */
export function fairShare(partitions: number, members: readonly string[], self: string): number {
  if (!Number.isInteger(partitions) || partitions < 0) throw new RangeError(`partitions must be a whole number ≥ 0, not ${partitions}`);
  const sorted = [...new Set([...members, self])].sort();
  const index = sorted.indexOf(self);
  const base = Math.floor(partitions / sorted.length);
  return base + (index < partitions % sorted.length ? 1 : 0);
}

/** The copy's preference for a partition (higher is better); the same everywhere. */
export function preference(self: string, partition: number): number {
  return fnv1a32(`${self}#${partition}`);
}

const byPreference = (self: string) => (a: number, b: number) => preference(self, b) - preference(self, a) || a - b;

/** What this copy should give up and take now, from what it sees. */
export function planPartitions(view: PartitionView): PartitionPlan {
  const share = fairShare(view.partitions, view.members, view.self);
  const owned = [...view.owned].filter((p) => p >= 0 && p < view.partitions).sort(byPreference(view.self));
  // Partitions beyond the range (the constant was lowered) are always given up.
  const outOfRange = [...view.owned].filter((p) => p < 0 || p >= view.partitions);
  if (owned.length > share) {
    return { share, release: [...outOfRange, ...owned.slice(share).reverse()], acquire: [] };
  }
  const free: number[] = [];
  for (let p = 0; p < view.partitions; p++) if (!view.owned.has(p) && !view.taken.has(p)) free.push(p);
  free.sort(byPreference(view.self));
  return { share, release: outOfRange, acquire: free.slice(0, share - owned.length) };
}
