/**
 * Cluster-wide replica balancing: decommission (empty excluded brokers) and rebalance (every broker within ±1
 * replica and ±1 preferred leader, per topic as a secondary goal), with the fewest moves: each replica moves at
 * most once, only from a broker above its share to one below, so moves = Σ replicas above the balanced target
 * whenever the target is reached. Preferred leaders are balanced by reordering lists, never by moving data.
 * Pure and deterministic: the input is not mutated, and its order does not matter.
 */
import { BalanceModel, type BalanceInput } from './model.js';
import { balanceLeaders } from './leader-phase.js';
import { balanceReplicas } from './replica-phase.js';

export type { BalanceBroker, BalanceInput, BalanceTopic } from './model.js';
export { clusterBalanceStats, type ClusterBalanceStats } from './stats.js';

export interface BalanceResult {
  /**
   * Final replica lists (every partition) of the topics with at least one changed partition; an unchanged partition's
   * list is the input's own array.
   */
  readonly assignments: ReadonlyMap<string, readonly (readonly number[])[]>;
  /** Replicas placed on a broker that did not hold that partition before. */
  readonly replicaMoves: number;
  /** Σ over brokers of replicas above the balanced target (rebalance), or on excluded brokers (decommission only). */
  readonly replicaLowerBound: number;
  /** Partitions whose preferred leader (first replica) changed. */
  readonly leaderChanges: number;
  /**
   * Σ over brokers of preferred leaderships above the balanced target after the replica phase. Without rebalance
   * only partitions that move anyway are reordered, so the target may stay out of reach.
   */
  readonly leaderLowerBound: number;
  /** Broker ids still above their replica target (the rules left no way to move more). Empty when complete. */
  readonly overloaded: readonly number[];
  /** Broker ids still above their preferred-leader target. */
  readonly leaderOverloaded: readonly number[];
  /** Excluded broker id → topics that still have replicas on it (fixed topics, or no eligible receiver). */
  readonly notEmptied: ReadonlyMap<number, readonly string[]>;
}

export function balanceCluster(input: BalanceInput): BalanceResult {
  const model = new BalanceModel(input);
  const replicas = balanceReplicas(model, input.rebalance);

  const np = model.partitionCount;
  const { slots, initialSlots, length, width } = model;
  const changedSet = new Uint8Array(np);
  let replicaMoves = 0;
  for (let k = 0; k < np; k++) {
    if (!model.partitionMovable[k]) continue;
    for (let i = 0; i < length[k]; i++) {
      if (!model.isNewReplica(k, i)) continue;
      replicaMoves++;
      changedSet[k] = 1;
    }
  }

  const leaders = balanceLeaders(model, changedSet, input.rebalance);

  const assignments = new Map<string, readonly (readonly number[])[]>();
  let leaderChanges = 0;
  // Partitions whose list changed in any way (a new replica or only a new order).
  const differs = new Uint8Array(np);
  for (let k = 0; k < np; k++) {
    const at = k * width;
    if (slots[at] !== initialSlots[at]) leaderChanges++;
    for (let i = 0; i < length[k] && !differs[k]; i++) if (slots[at + i] !== initialSlots[at + i]) differs[k] = 1;
  }
  for (let t = 0; t < model.topicCount; t++) {
    const first = model.topicStart[t];
    const end = model.topicStart[t + 1];
    if (!differs.subarray(first, end).includes(1)) continue;
    const lists: (readonly number[])[] = [];
    for (let k = first; k < end; k++) {
      // An unchanged partition keeps the very list it came with (most partitions of a changed topic: no copy).
      if (!differs[k]) {
        lists.push(model.inputLists[t][k - first]);
        continue;
      }
      const list = new Array<number>(length[k]);
      for (let i = 0; i < list.length; i++) list[i] = model.ids[slots[k * width + i]];
      lists.push(list);
    }
    assignments.set(model.topicNames[t], lists);
  }

  const notEmptied = new Map<number, string[]>();
  let leftOnExcluded = 0;
  for (let b = 0; b < model.brokerCount; b++) if (model.excluded[b]) leftOnExcluded += model.replicaCount[b];
  for (let k = 0; k < np && leftOnExcluded > 0; k++) {
    for (let i = 0; i < length[k]; i++) {
      const b = slots[k * width + i];
      if (!model.excluded[b]) continue;
      const id = model.ids[b];
      const topics = notEmptied.get(id) ?? [];
      const name = model.topicNames[model.partitionTopic[k]];
      if (topics[topics.length - 1] !== name) topics.push(name);
      notEmptied.set(id, topics);
    }
  }

  return {
    assignments,
    replicaMoves,
    replicaLowerBound: replicas.lowerBound,
    leaderChanges,
    leaderLowerBound: leaders.lowerBound,
    overloaded: replicas.overloaded,
    leaderOverloaded: leaders.overloaded,
    notEmptied,
  };
}
