/**
 * Invariant checks on a replica assignment (topicctl's assigner checker idea), used by the tests and
 * available to the planner for validating an assignment before it is applied.
 */
import type { PlacementInput, ReplicaAssignment } from './types.js';

export interface AssignmentCheck {
  /** Every problem found; empty when the assignment is valid. */
  readonly problems: string[];
  /** Replica count per eligible broker. */
  readonly replicaCounts: ReadonlyMap<number, number>;
  /** Preferred-leader (first replica) count per eligible broker. */
  readonly leaderCounts: ReadonlyMap<number, number>;
}

/** Spread (max − min) of the values; 0 for an empty map. */
export function spread(counts: ReadonlyMap<number, number>): number {
  const values = [...counts.values()];
  return values.length === 0 ? 0 : Math.max(...values) - Math.min(...values);
}

/**
 * Validity (count, RF distinct eligible brokers) and, when `rackRule`, Kafka's rack rule: no two replicas of a
 * partition in one rack while there are at least RF racks; with fewer racks, every rack holds one of them.
 */
export function checkAssignment(input: PlacementInput, assignment: ReplicaAssignment, options: { rackRule?: boolean } = {}): AssignmentCheck {
  const problems: string[] = [];
  const rackOf = new Map(input.brokers.map((b) => [b.id, b.rack]));
  const racks = new Set(input.brokers.map((b) => b.rack));
  const replicaCounts = new Map(input.brokers.map((b) => [b.id, 0]));
  const leaderCounts = new Map(input.brokers.map((b) => [b.id, 0]));
  if (assignment.length !== input.partitions) problems.push(`expected ${input.partitions} partitions, got ${assignment.length}`);
  assignment.forEach((replicas, p) => {
    if (replicas.length !== input.replicationFactor) problems.push(`partition ${p}: ${replicas.length} replicas, want ${input.replicationFactor}`);
    if (new Set(replicas).size !== replicas.length) problems.push(`partition ${p}: duplicate broker in [${replicas.join(', ')}]`);
    for (const b of replicas) {
      if (!replicaCounts.has(b)) problems.push(`partition ${p}: broker ${b} is not eligible`);
      else replicaCounts.set(b, replicaCounts.get(b)! + 1);
    }
    if (replicas.length > 0 && leaderCounts.has(replicas[0])) leaderCounts.set(replicas[0], leaderCounts.get(replicas[0])! + 1);
    if (options.rackRule) {
      const used = new Set(replicas.map((b) => rackOf.get(b)));
      if (used.size < Math.min(replicas.length, racks.size)) problems.push(`partition ${p}: replicas [${replicas.join(', ')}] break the rack rule`);
    }
  });
  return { problems, replicaCounts, leaderCounts };
}

/** Replicas placed on a broker that did not hold that partition before (new partitions are not moves). */
export function countMoves(current: ReplicaAssignment, next: ReplicaAssignment): number {
  let moves = 0;
  for (let p = 0; p < Math.min(current.length, next.length); p++) {
    for (const b of next[p]) if (!current[p].includes(b)) moves++;
  }
  return moves;
}

/**
 * Fewest moves any `balanced` result can have: replicas on ineligible brokers or missing (RF increase) must be
 * placed, and brokers above their balanced share must shed the excess (shares: floor or floor+1, the larger
 * going to the brokers that hold most). Only for inputs without an RF decrease.
 */
export function balancedMoveLowerBound(input: PlacementInput): number {
  const eligible = new Set(input.brokers.map((b) => b.id));
  const n = eligible.size;
  const total = input.partitions * input.replicationFactor;
  const held = new Map([...eligible].map((b) => [b, 0]));
  let missing = 0;
  input.current.forEach((replicas) => {
    const kept = [...new Set(replicas)].filter((b) => eligible.has(b));
    for (const b of kept) held.set(b, held.get(b)! + 1);
    missing += Math.max(0, input.replicationFactor - kept.length);
  });
  const counts = [...held.values()].sort((a, b) => b - a);
  const floor = Math.floor(total / n);
  let shed = 0;
  counts.forEach((c, i) => {
    const share = i < total % n ? floor + 1 : floor;
    shed += Math.max(0, c - share);
  });
  return missing + shed;
}
