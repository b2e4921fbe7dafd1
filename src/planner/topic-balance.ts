/**
 * Per-topic balance, the promise of the `balanced` and `rack-aware` strategies: a topic's replicas and preferred
 * leaders within ±1 over the brokers it may use. topicOutOfBalance is the cheap check run on every topic a plan
 * keeps; mendTopicBalance balances a topic that fails it with the fewest moves, keeping every replica that can stay
 * (and changes nothing when the rack rule leaves nothing better).
 * Pure.
 */
import type { PlacementBroker } from './placement/index.js';
import { balanceCluster } from './rebalance/index.js';

/** The brokers a topic may receive replicas on, shaped for the check: every plan checks every topic it keeps. */
export interface TopicReceivers {
  readonly brokers: readonly PlacementBroker[];
  /** Broker id → index into `brokers` (-1: not a receiver) for ids below its length; null when ids are not small. */
  readonly table: Int32Array | null;
  /** The same for any id, when there is no table. */
  readonly map: ReadonlyMap<number, number>;
  /** Scratch counts per receiver, reused by every check. */
  readonly replicas: Int32Array;
  readonly leaders: Int32Array;
}

export function topicReceivers(brokers: readonly PlacementBroker[]): TopicReceivers {
  const ids = brokers.map((b) => b.id);
  const map = new Map(ids.map((id, i) => [id, i]));
  let table: Int32Array | null = null;
  if (ids.every((id) => Number.isInteger(id) && id >= 0 && id < 1 << 20)) {
    table = new Int32Array(Math.max(-1, ...ids) + 1).fill(-1);
    ids.forEach((id, i) => (table![id] = i));
  }
  return { brokers, table, map, replicas: new Int32Array(brokers.length), leaders: new Int32Array(brokers.length) };
}

/**
 * True when the topic's replicas or preferred leaders are more than ±1 apart over `receivers`. False when it is
 * balanced, and when some replica sits on another broker (offline, excluded, outside the subset): that partition is
 * someone else's business (decommission, a broker that is down), and balance over the rest is not judged.
 */
export function topicOutOfBalance(lists: readonly (readonly number[])[], receivers: TopicReceivers): boolean {
  const n = receivers.brokers.length;
  if (n === 0 || lists.length === 0) return false;
  const { replicas, leaders } = receivers;
  replicas.fill(0);
  leaders.fill(0);
  for (let p = 0; p < lists.length; p++) {
    const list = lists[p];
    for (let slot = 0; slot < list.length; slot++) {
      const at = receiverIndex(receivers, list[slot]);
      if (at < 0) return false;
      replicas[at]++;
      if (slot === 0) leaders[at]++;
    }
  }
  return spreadAbove(replicas, 1) || spreadAbove(leaders, 1);
}

/** Index of broker `id` among the receivers, or -1. */
function receiverIndex(receivers: TopicReceivers, id: number): number {
  const table = receivers.table;
  if (table !== null) return id >= 0 && id < table.length ? table[id] : -1;
  return receivers.map.get(id) ?? -1;
}

function spreadAbove(counts: Int32Array, limit: number): boolean {
  let min = counts[0];
  let max = counts[0];
  for (let i = 1; i < counts.length; i++) {
    if (counts[i] < min) min = counts[i];
    else if (counts[i] > max) max = counts[i];
  }
  return max - min > limit;
}

/**
 * The topic's lists balanced within ±1 with the fewest moves, or null when nothing changes: the cluster balancer
 * (./rebalance) run on this topic alone, over its receivers — so the topic's brokers are the whole "cluster", its
 * shares are the topic's ±1, replicas move only from brokers above them to brokers below (smaller partitions
 * first), the rack rule holds, and preferred leaders are evened out by reordering lists. (The placement strategies'
 * min-cost flow gives the same counts but takes seconds for a topic of a thousand partitions on a hundred brokers.)
 */
export function mendTopicBalance(
  topic: string,
  lists: readonly (readonly number[])[],
  sizes: readonly number[],
  receivers: TopicReceivers,
  rackRule: boolean,
): number[][] | null {
  if (lists.length === 0) return null;
  let mended: readonly (readonly number[])[] = lists;
  // Again on its own result until it stays: shares that a rack-pinned broker cannot give up can take a second round
  // (a replica moved twice still costs one move). Bounded; each round only ever evens the topic out further.
  for (let round = 0; round < MEND_ROUNDS; round++) {
    const next = balanceCluster({
      brokers: receivers.brokers,
      excluded: [],
      rebalance: true,
      topics: [{ name: topic, replicas: mended, sizes, movablePartitions: mended.length, rackRule }],
    }).assignments.get(topic);
    if (next === undefined) break;
    mended = next;
  }
  return mended === lists ? null : (mended as number[][]);
}

/** Most balancer rounds per mend. */
const MEND_ROUNDS = 4;

/**
 * Replicas and preferred leaders per broker over the whole cluster as the plan leaves it, so a per-topic mend can be
 * refused when it would unbalance the brokers: a rebalance may leave a topic more than ±1 apart on purpose (the
 * brokers' balance comes first), and mending it would only have the next rebalance move it back.
 */
export class BrokerLoad {
  private readonly replicas: Int32Array;
  private readonly leaders: Int32Array;

  /** `lists`: every topic's replica lists; only `receivers` count (the brokers that take part in the balance). */
  constructor(
    private readonly receivers: TopicReceivers,
    lists: Iterable<readonly (readonly number[])[]>,
  ) {
    this.replicas = new Int32Array(receivers.brokers.length);
    this.leaders = new Int32Array(receivers.brokers.length);
    for (const topic of lists) this.add(topic, 1);
  }

  /** True when moving a topic from `before` to `after` puts no more units outside the ±1 band, replicas or leaders. */
  accepts(before: readonly (readonly number[])[], after: readonly (readonly number[])[]): boolean {
    const replicasBefore = outsideBand(this.replicas);
    const leadersBefore = outsideBand(this.leaders);
    this.add(before, -1);
    this.add(after, 1);
    const ok = outsideBand(this.replicas) <= replicasBefore && outsideBand(this.leaders) <= leadersBefore;
    this.add(after, -1);
    this.add(before, 1);
    return ok;
  }

  /** Records a topic's change. */
  replace(before: readonly (readonly number[])[], after: readonly (readonly number[])[]): void {
    this.add(before, -1);
    this.add(after, 1);
  }

  private add(lists: readonly (readonly number[])[], sign: 1 | -1): void {
    for (const list of lists) {
      for (let slot = 0; slot < list.length; slot++) {
        const at = receiverIndex(this.receivers, list[slot]);
        if (at < 0) continue;
        this.replicas[at] += sign;
        if (slot === 0) this.leaders[at] += sign;
      }
    }
  }
}

/** Units above ceil or below floor of the average (the ±1 band every broker should be in). */
function outsideBand(counts: Int32Array): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const floor = Math.floor(total / counts.length);
  const ceil = Math.ceil(total / counts.length);
  let outside = 0;
  for (let i = 0; i < counts.length; i++) outside += counts[i] > ceil ? counts[i] - ceil : counts[i] < floor ? floor - counts[i] : 0;
  return outside;
}
