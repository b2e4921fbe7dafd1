/**
 * Leader phase: preferred leaders within ±1 per broker by reordering replica lists only (the replica set stays:
 * no data moves). Brokers above their leader share hand leadership of a partition to another of its replicas on a
 * broker below its share; partitions whose replica set already changes go first (their reassignment happens
 * anyway), then partitions whose topic has most leaders on the donor. A second pass evens out leaders per topic
 * with swaps that keep every broker within the cluster-wide band.
 */
import { reachLeaderBand, type LeaderBand } from './leader-band.js';
import { evenTopicLeaders } from './topic-leaders.js';
import type { BalanceModel } from './model.js';
import type { PhaseResult } from './replica-phase.js';
import { balancedShares, unitsAboveShare } from './shares.js';
import { sortByKeyThenIndex } from './sorting.js';
import { transport, type Mover } from './transport.js';

/**
 * `changed[k]` = 1 when partition k's replica set was changed by the replica phase. With `rebalance` false only
 * those partitions are reordered (they are reassigned anyway), so no partition is touched only for its leader.
 */
export function balanceLeaders(model: BalanceModel, changed: Uint8Array, rebalance: boolean): PhaseResult {
  const nb = model.brokerCount;
  const np = model.partitionCount;
  const fixed = new Int32Array(nb);
  const order: number[] = [];
  for (let k = 0; k < np; k++) {
    if (model.partitionMovable[k] && (rebalance || changed[k])) order.push(k);
    else fixed[model.leader(k)]++;
  }
  const shares = balancedShares({ counts: model.leaderCount, active: model.active, excluded: model.excluded, fixed });
  const lowerBound = unitsAboveShare(model.leaderCount, shares);
  const excess = (k: number): number => model.topicLeaders[model.partitionTopic[k] * nb + model.leader(k)];
  // changed first, then most leaders of the topic on the current leader, then index.
  let maxExcess = 0;
  for (const k of order) maxExcess = Math.max(maxExcess, excess(k));
  sortByKeyThenIndex(order, (k) => (1 - changed[k]) * (maxExcess + 1) + (maxExcess - excess(k)), np);

  const donorAllowed = new Uint8Array(nb);
  for (let b = 0; b < nb; b++) donorAllowed[b] = model.active[b] || model.excluded[b] ? 1 : 0;
  const targetLists: (number[] | undefined)[] = new Array(np);
  const mover: Mover = {
    at: (k) => model.leader(k),
    group: (k) => k,
    canMove: (k, to, returning) => (returning || model.active[to] === 1) && model.slotOf(k, to) > 0,
    move: (k, to) => model.promote(k, to),
    score: (k, to) => model.topicLeaders[model.partitionTopic[k] * nb + to] * 2 ** 32 - (shares[to] - model.leaderCount[to]),
    // A partition's replica set does not change in this phase (only its order): one list per partition, made once.
    targets: (k) => (targetLists[k] ??= model.list(k)),
    independent: true,
    // Leadership of k can go to each of its other replicas on an active broker (what canMove allows).
    capacity(units) {
      const counts = new Int32Array(nb * nb);
      const { slots, width, length, active } = model;
      for (let i = 0; i < units.length; i++) {
        const at = units[i] * width;
        const from = slots[at];
        for (let j = 1; j < length[units[i]]; j++) if (active[slots[at + j]]) counts[from * nb + slots[at + j]]++;
      }
      return counts;
    },
  };
  const result = transport(
    { counts: model.leaderCount, shares, donorAllowed, receiverAllowed: model.active, order, unitLimit: np, chains: rebalance, repair: rebalance },
    mover,
  );
  if (!rebalance) return { moves: result.moved, lowerBound, overloaded: result.stuck.map((b) => model.ids[b]) };
  // Exact shares may be out of reach where the band is not: any active broker may end at floor or ceil.
  const band = leaderBand(model, shares);
  const reached = result.stuck.length === 0 || reachLeaderBand(model, order, band);
  evenTopicLeaders(model, shares);
  const overloaded: number[] = [];
  if (!reached) for (let b = 0; b < nb; b++) if (model.leaderCount[b] > shares[b]) overloaded.push(model.ids[b]);
  return { moves: result.moved, lowerBound, overloaded };
}

/** Active brokers: [fewest, most] of the active shares; any other broker: exactly its share. */
function leaderBand(model: BalanceModel, shares: Int32Array): LeaderBand {
  const nb = model.brokerCount;
  let floor = Infinity;
  let ceil = -Infinity;
  for (let b = 0; b < nb; b++) {
    if (!model.active[b]) continue;
    floor = Math.min(floor, shares[b]);
    ceil = Math.max(ceil, shares[b]);
  }
  const low = new Int32Array(nb);
  const high = new Int32Array(nb);
  for (let b = 0; b < nb; b++) {
    low[b] = model.active[b] ? floor : shares[b];
    high[b] = model.active[b] ? ceil : shares[b];
  }
  return { low, high };
}
