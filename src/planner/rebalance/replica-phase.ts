/**
 * Replica phase: every movable replica on an excluded broker moves (decommission); with `rebalance`, brokers above
 * their share also give replicas to brokers below it — smallest partitions first, followers before the preferred
 * leader, to the receiver holding fewest replicas of that topic (per-topic balance), then (moving a preferred
 * leader) fewest preferred leaders, then the one furthest below its share. A replica keeps its slot in the list, so a moved preferred leader is replaced by its receiver.
 * Rules: distinct brokers per partition, the topic's eligible brokers, and (rack-aware topics) a rack spread never
 * below min(RF, racks) — or below what the partition has when it already falls short.
 */
import type { BalanceModel } from './model.js';
import { balancedShares, unitsAboveShare } from './shares.js';
import { sortByKeyThenIndex } from './sorting.js';
import { ReceiverOrder } from './receiver-order.js';
import { exchangeMovedReplicas } from './replica-exchange.js';
import { transport, type Mover } from './transport.js';

export interface PhaseResult {
  /** Units moved (replicas moved, or preferred leaders changed). */
  readonly moves: number;
  /** Σ units above share before the phase. */
  readonly lowerBound: number;
  /** Broker ids still above their share after the phase. */
  readonly overloaded: number[];
}

export function balanceReplicas(model: BalanceModel, rebalance: boolean): PhaseResult {
  const nb = model.brokerCount;
  const np = model.partitionCount;
  const { slots, length, width } = model;

  const fixed = new Int32Array(nb);
  for (let k = 0; k < np; k++) if (!model.partitionMovable[k]) for (let i = 0; i < length[k]; i++) fixed[slots[k * width + i]]++;
  const shares = balancedShares({ counts: model.replicaCount, active: model.active, excluded: model.excluded, fixed });
  const lowerBound = rebalance ? unitsAboveShare(model.replicaCount, shares) : excludedSurplus(model, shares);

  // Greedy order: replicas on excluded brokers first (they must all move), then by partition size, then partition
  // index (topic name, partition number); followers before the preferred leader.
  let movable = 0;
  for (let k = 0; k < np; k++) movable += model.partitionMovable[k];
  const byPartition = new Int32Array(movable);
  for (let k = 0, i = 0; k < np; k++) if (model.partitionMovable[k]) byPartition[i++] = k;
  const size = model.partitionSize;
  sortByKeyThenIndex(byPartition, (k) => size[k], np);
  // Units are slots of the model's flat lists (unit k * width + slot), so the transport's `at` is one array read:
  // it is asked about every unit in the size order, which visits partitions at random.
  // Partitions of equal size (e.g. empty ones) are taken slot by slot — slot 1 of each, then slot 2 of each, …, then
  // the preferred leaders' slot 0 — rather than partition by partition: same bytes, but the moves spread over the
  // partitions instead of carrying whole partitions onto the receivers. Partitions lying wholly on a few brokers
  // must be led by them, which can leave ±1 preferred leaders out of reach (e.g. brokers added to an empty cluster).
  // The forced pass (replicas on excluded brokers) is skipped when no excluded broker holds any: it would find none.
  let anyOnExcluded = false;
  for (let b = 0; b < nb; b++) if (model.excluded[b] && model.replicaCount[b] > 0) anyOnExcluded = true;
  const passes = (rebalance ? [1, 0] : [1]).filter((pass) => pass === 0 || anyOnExcluded);
  const order = greedyOrder(model, byPartition, passes);

  const donorAllowed = new Uint8Array(nb);
  for (let b = 0; b < nb; b++) donorAllowed[b] = model.excluded[b] || (rebalance && model.active[b]) ? 1 : 0;

  // Per-topic balance, the secondary goal: topic t's replicas within [floor, ceil] of its total over its active
  // eligible brokers. The greedy step first makes the moves that even a topic out (from a broker holding at least two
  // more of it than the receiver: each such move is needed), then those that keep it within the band, then any.
  const { topicFloor, topicCeil, anyUneven } = topicReplicaBands(model);
  const { topicReplicas, excluded, leaderCount, replicaCount } = model;
  // What the checks need of the unit last asked about, looked up once: the greedy step asks about one unit for every
  // receiver in turn (~100 of them), and this is the innermost loop of the plan.
  let unit = -1;
  let row = 0; // topic × broker row of the unit's topic
  let topic = 0;
  let isLeader = false;
  const about = (u: number): void => {
    if (u === unit) return;
    unit = u;
    topic = model.partitionTopic[Math.floor(u / width)];
    row = topic * nb;
    isLeader = u % width === 0;
  };
  const evensOut = (u: number, to: number): boolean => {
    about(u);
    return excluded[slots[u]] === 0 && topicReplicas[row + slots[u]] >= topicReplicas[row + to] + 2;
  };
  const keepsBand = (u: number, to: number): boolean => {
    about(u);
    const from = slots[u];
    return topicReplicas[row + to] < topicCeil[topic] && (excluded[from] === 1 || topicReplicas[row + from] > topicFloor[topic]);
  };

  // The rack floor of the partition last asked about (receivers are tried one after another for the same unit).
  let floorOf = -1;
  let floor = 0;
  const receivers = new ReceiverOrder(model.replicaCount, shares, model.active);
  const mover: Mover = {
    at: (u) => slots[u],
    group: (u) => Math.floor(u / width),
    canMove(u, to, returning) {
      const k = Math.floor(u / width);
      if (model.slotOf(k, to) >= 0) return false;
      const t = model.partitionTopic[k];
      if (!returning) {
        if (!model.active[to]) return false;
        const mask = model.eligible[t];
        if (mask !== null && !mask[to]) return false;
      }
      if (!model.rackRule[t]) return true;
      if (floorOf !== k) {
        floorOf = k;
        floor = model.rackFloor(k);
      }
      return model.rackSpread(k, u % width, to) >= floor;
    },
    move(u, to) {
      floorOf = -1;
      unit = -1;
      const from = slots[u];
      model.replaceReplica(Math.floor(u / width), u % width, to);
      receivers.update(from);
      receivers.update(to);
    },
    // A follower's score is (replicas of its topic) · 2^40 − room: the receiver with most room among those holding
    // none of the topic wins outright. (A preferred leader's also weighs leader counts: scored in full.)
    best(u, filter) {
      about(u);
      if (isLeader) return undefined;
      const r = receivers.first((to) => topicReplicas[row + to] === 0 && (filter === null || filter(u, to)) && mover.canMove(u, to, false));
      return r >= 0 ? r : undefined;
    },
    preferred: anyUneven ? [evensOut, keepsBand] : [keepsBand],
    // Fewest replicas of the topic, then (for a preferred leader) fewest preferred leaders, then furthest below share.
    score(u, to) {
      about(u);
      return topicReplicas[row + to] * 2 ** 40 + (isLeader ? leaderCount[to] * 2 ** 20 : 0) - (shares[to] - replicaCount[to]);
    },
  };
  const result = transport(
    {
      counts: model.replicaCount,
      shares,
      donorAllowed,
      receiverAllowed: model.active,
      order,
      unitLimit: np * width,
      forced: model.excluded,
      forcedChains: rebalance,
      overflow: true,
    },
    mover,
  );
  exchangeMovedReplicas(model, { topicFloor, topicCeil }, mover);
  return { moves: result.moved, lowerBound, overloaded: result.stuck.map((b) => model.ids[b]) };
}

/**
 * Units (k · width + slot) of the partitions in `byPartition` order, pass by pass (1: replicas on excluded brokers,
 * 0: the others); within a run of equal-sized partitions slot 1 of each, then slot 2, …, then slot 0 (see above).
 */
function greedyOrder(model: BalanceModel, byPartition: Int32Array, passes: readonly number[]): Int32Array {
  const { slots, length, width, excluded, partitionSize: size } = model;
  const m = byPartition.length;
  let total = 0;
  for (let j = 0; j < m; j++) total += length[byPartition[j]];
  // A unit is on an excluded broker or not: it is in one pass at most.
  const order = new Int32Array(total);
  let n = 0;
  for (const forcedPass of passes) {
    for (let start = 0; start < m; ) {
      const groupSize = size[byPartition[start]];
      let end = start + 1;
      let widest = length[byPartition[start]];
      for (; end < m && size[byPartition[end]] === groupSize; end++) if (length[byPartition[end]] > widest) widest = length[byPartition[end]];
      for (let i = 1; i <= widest; i++) {
        const slot = i === widest ? 0 : i; // 1, 2, …, 0
        for (let j = start; j < end; j++) {
          const k = byPartition[j];
          if (slot < length[k] && excluded[slots[k * width + slot]] === forcedPass) order[n++] = k * width + slot;
        }
      }
      start = end;
    }
  }
  return order.subarray(0, n);
}

/**
 * Per topic: floor and ceiling of its replicas ÷ its active eligible brokers — the counts every such broker has
 * when the topic is balanced within ±1 (a topic without any such broker: 0 and its total); `anyUneven`: some topic
 * has two active eligible brokers whose counts differ by 2 or more.
 */
export function topicReplicaBands(model: BalanceModel): { topicFloor: Int32Array; topicCeil: Int32Array; anyUneven: boolean } {
  const nt = model.topicCount;
  const nb = model.brokerCount;
  const topicFloor = new Int32Array(nt);
  const topicCeil = new Int32Array(nt);
  let anyUneven = false;
  let activeCount = 0;
  for (let b = 0; b < nb; b++) activeCount += model.active[b];
  for (let t = 0; t < nt; t++) {
    let total = 0;
    for (let k = model.topicStart[t]; k < model.topicStart[t + 1]; k++) total += model.length[k];
    const mask = model.eligible[t];
    let n = activeCount;
    if (mask !== null) {
      n = 0;
      for (let b = 0; b < nb; b++) if (mask[b] && model.active[b]) n++;
    }
    topicFloor[t] = n === 0 ? 0 : Math.floor(total / n);
    topicCeil[t] = n === 0 ? total : Math.ceil(total / n);
    if (!anyUneven) anyUneven = model.topicSpread(model.topicReplicas, t) >= 2;
  }
  return { topicFloor, topicCeil, anyUneven };
}

/** Without rebalance only excluded brokers give replicas away: the bound is what must leave them. */
function excludedSurplus(model: BalanceModel, shares: Int32Array): number {
  let sum = 0;
  for (let b = 0; b < model.brokerCount; b++) if (model.excluded[b]) sum += Math.max(0, model.replicaCount[b] - shares[b]);
  return sum;
}
