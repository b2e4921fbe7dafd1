/**
 * How balanced a cluster is: spread (max − min) of replicas and preferred leaders over the active brokers,
 * per topic over its active eligible brokers, and partitions breaking the rack rule. For tests, the benchmark
 * and plan previews.
 */
import { BalanceModel, type BalanceBroker, type BalanceTopic } from './model.js';

export interface ClusterBalanceStats {
  readonly activeBrokers: number;
  readonly replicaSpread: number;
  readonly leaderSpread: number;
  /** Topics whose replicas (resp. preferred leaders) are within ±1 over their active eligible brokers. */
  readonly topicsReplicasWithinOne: number;
  readonly topicsLeadersWithinOne: number;
  readonly topics: number;
  readonly maxTopicReplicaSpread: number;
  readonly maxTopicLeaderSpread: number;
  /** Partitions of rack-rule topics whose rack spread is below min(RF, racks). */
  readonly rackViolations: number;
  /** Replicas on excluded brokers. */
  readonly onExcluded: number;
}

function spreadOf(values: Int32Array, mask: (b: number) => boolean): number {
  let min = Infinity;
  let max = -Infinity;
  for (let b = 0; b < values.length; b++) {
    if (!mask(b)) continue;
    const v = values[b];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max >= min ? max - min : 0;
}

export function clusterBalanceStats(
  brokers: readonly BalanceBroker[],
  excluded: readonly number[],
  topics: readonly BalanceTopic[],
): ClusterBalanceStats {
  const model = new BalanceModel({ brokers, excluded, topics, rebalance: false });
  const nb = model.brokerCount;
  const active = (b: number): boolean => model.active[b] === 1;
  let replicasOk = 0;
  let leadersOk = 0;
  let maxReplica = 0;
  let maxLeader = 0;
  for (let t = 0; t < model.topicCount; t++) {
    const r = model.topicSpread(model.topicReplicas, t);
    const l = model.topicSpread(model.topicLeaders, t);
    if (r <= 1) replicasOk++;
    if (l <= 1) leadersOk++;
    maxReplica = Math.max(maxReplica, r);
    maxLeader = Math.max(maxLeader, l);
  }
  let rackViolations = 0;
  for (let k = 0; k < model.partitionCount; k++) {
    const t = model.partitionTopic[k];
    if (model.rackRule[t] && model.rackSpread(k) < Math.min(model.length[k], model.rackTarget[t])) rackViolations++;
  }
  let onExcluded = 0;
  for (let b = 0; b < nb; b++) if (model.excluded[b]) onExcluded += model.replicaCount[b];
  return {
    activeBrokers: model.active.reduce((a, v) => a + v, 0),
    replicaSpread: spreadOf(model.replicaCount, active),
    leaderSpread: spreadOf(model.leaderCount, active),
    topicsReplicasWithinOne: replicasOk,
    topicsLeadersWithinOne: leadersOk,
    topics: model.topicCount,
    maxTopicReplicaSpread: maxReplica,
    maxTopicLeaderSpread: maxLeader,
    rackViolations,
    onExcluded,
  };
}
