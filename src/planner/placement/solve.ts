/** The pipeline balanced and rack-aware share: check input, choose replica sets, choose leaders, order lists. */
import { checkPlacementInput, topicHash } from './input-checks.js';
import { checkAssignment, spread } from './invariants.js';
import { orderReplicas, solveLeaders } from './leaders.js';
import { preference, solveReplicaSets } from './replica-sets.js';
import type { PlacementInput, PlacementResult } from './types.js';

export interface SolveOptions {
  /** Eligible broker ids in rotation order. */
  readonly order: readonly number[];
  /** Rack of each broker when the rack rule applies, else null. */
  readonly rackOf: ((broker: number) => string) | null;
}

export function solvePlacement(input: PlacementInput, options: SolveOptions): PlacementResult {
  const problem = checkPlacementInput(input);
  if (problem !== null) return { ok: false, message: problem };
  const { order, rackOf } = options;
  const n = order.length;
  const start = topicHash(input.topic) % n;
  if (input.current.length === 0) {
    // New topic: the plain rotation is the cheapest solution whenever it is balanced and obeys the rack rule.
    const rotation = Array.from({ length: input.partitions }, (_, p) =>
      Array.from({ length: input.replicationFactor }, (_, i) => order[(start + p + i) % n]),
    );
    const check = checkAssignment(input, rotation, { rackRule: rackOf !== null });
    const rackCount = rackOf === null ? 0 : new Set(order.map(rackOf)).size;
    const racksOk = rackOf === null || rotation.every((r) => new Set(r.map(rackOf)).size === Math.min(r.length, rackCount));
    if (check.problems.length === 0 && racksOk && spread(check.replicaCounts) <= 1 && spread(check.leaderCounts) <= 1) {
      return { ok: true, assignment: rotation };
    }
  }
  const sets = solveReplicaSets({ input, order, start, rackOf });
  if (typeof sets === 'string') return { ok: false, message: sets };
  const leaders = solveLeaders(input, sets, order, start);
  const position = new Map(order.map((b, i) => [b, i]));
  const assignment = sets.map((set, p) =>
    orderReplicas(input.current[p], set, leaders[p], (b) => preference(position.get(b)!, p, start, n)),
  );
  return { ok: true, assignment };
}
