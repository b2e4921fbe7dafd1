/**
 * Replication throttles for a set of moves, computed the way Kafka's ReassignPartitionsCommand does for
 * `--execute --throttle N` (calculateProposedMoveMap / calculateLeaderThrottles / calculateFollowerThrottles /
 * calculateReassigningBrokers):
 *   sources = current replicas, destinations = target − sources;
 *   per topic: leader.replication.throttled.replicas = every "partition:source",
 *              follower.replication.throttled.replicas = every "partition:destination",
 *              each a set sorted as strings (Java TreeSet<String>) joined with ",";
 *   per broker in sources ∪ destinations: leader/follower.replication.throttled.rate = N.
 * Pure: returns config entries, applies nothing. The reconciler SETs them before a batch and DELETEs them after.
 */
import { compareStrings } from '../issues.js';
import type { ThrottleConfigs } from './types.js';

export const LEADER_THROTTLED_REPLICAS = 'leader.replication.throttled.replicas';
export const FOLLOWER_THROTTLED_REPLICAS = 'follower.replication.throttled.replicas';
export const LEADER_THROTTLED_RATE = 'leader.replication.throttled.rate';
export const FOLLOWER_THROTTLED_RATE = 'follower.replication.throttled.rate';

/** The throttle config names, topic-level then broker-level (what the reconciler deletes afterwards). */
export const TOPIC_THROTTLE_CONFIGS = [LEADER_THROTTLED_REPLICAS, FOLLOWER_THROTTLED_REPLICAS] as const;
export const BROKER_THROTTLE_CONFIGS = [LEADER_THROTTLED_RATE, FOLLOWER_THROTTLED_RATE] as const;

export interface ThrottledMove {
  readonly topic: string;
  readonly partition: number;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

function sortedAsStrings(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareStrings);
}

export function computeThrottles(moves: readonly ThrottledMove[], throttleBytesPerSec: number): ThrottleConfigs {
  const leaderPairs = new Map<string, string[]>();
  const followerPairs = new Map<string, string[]>();
  const brokers = new Set<number>();
  for (const move of moves) {
    const sources = new Set(move.from);
    const destinations = new Set(move.to.filter((id) => !sources.has(id)));
    const leader = leaderPairs.get(move.topic) ?? [];
    const follower = followerPairs.get(move.topic) ?? [];
    for (const s of sources) leader.push(`${move.partition}:${s}`);
    for (const d of destinations) follower.push(`${move.partition}:${d}`);
    leaderPairs.set(move.topic, leader);
    followerPairs.set(move.topic, follower);
    for (const id of sources) brokers.add(id);
    for (const id of destinations) brokers.add(id);
  }
  const rate = String(throttleBytesPerSec);
  return {
    brokers: [...brokers]
      .sort((a, b) => a - b)
      .map((brokerId) => ({ brokerId, configs: { [LEADER_THROTTLED_RATE]: rate, [FOLLOWER_THROTTLED_RATE]: rate } })),
    topics: [...leaderPairs.keys()].sort(compareStrings).map((topic) => ({
      topic,
      configs: {
        [LEADER_THROTTLED_REPLICAS]: sortedAsStrings(leaderPairs.get(topic) ?? []).join(','),
        [FOLLOWER_THROTTLED_REPLICAS]: sortedAsStrings(followerPairs.get(topic) ?? []).join(','),
      },
    })),
  };
}
