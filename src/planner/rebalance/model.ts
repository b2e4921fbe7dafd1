/**
 * The cluster-wide balancer's working model: brokers, topics and partitions as dense arrays (broker and topic
 * indexes instead of ids and names), so that 100 brokers × 200,000 partitions fit in a few typed arrays and
 * every check is a few array reads. Built from plain input, never mutating it; topics and brokers are indexed in
 * sorted order (name, id), so results do not depend on input order.
 */

export interface BalanceBroker {
  readonly id: number;
  /** Rack name; null when the broker has none. */
  readonly rack: string | null;
  /** False = registered but not serving: keeps its replicas, receives none. Default true. */
  readonly online?: boolean;
}

export interface BalanceTopic {
  readonly name: string;
  /** Replica broker ids per partition (partition 0 first); the first replica is the preferred leader. */
  readonly replicas: readonly (readonly number[])[];
  /** Bytes per partition; missing entries count as 0. Smaller partitions are moved first. */
  readonly sizes?: readonly number[];
  /**
   * Partitions [0, movablePartitions) may be moved or reordered; the rest (and a 0 topic) stay as they are. So does
   * a partition with a replica on an offline or unknown broker that is not excluded: its reassignment could not complete.
   */
  readonly movablePartitions: number;
  /** Brokers the topic may use; undefined = every broker. */
  readonly eligible?: readonly number[];
  /** Kafka's rack rule applies: a move never lowers a partition's rack spread below min(RF, racks). */
  readonly rackRule: boolean;
}

export interface BalanceInput {
  readonly brokers: readonly BalanceBroker[];
  /** Brokers to empty (decommission): they receive nothing and every movable replica on them moves. */
  readonly excluded: readonly number[];
  readonly topics: readonly BalanceTopic[];
  /**
   * true: bring every broker within ±1 replica and ±1 preferred leader (and per topic, as a secondary goal).
   * false: only empty the excluded brokers, onto the brokers furthest below their share.
   */
  readonly rebalance: boolean;
}

/** Counts that never exceed one topic's replica total (see BalanceModel.topicReplicas). */
export type TopicCounts = Uint8Array | Uint16Array | Int32Array;

function topicCounts(cells: number, largest: number): TopicCounts {
  if (largest <= 0xff) return new Uint8Array(cells);
  if (largest <= 0xffff) return new Uint16Array(cells);
  return new Int32Array(cells);
}

export class BalanceModel {
  /** Broker ids by index (sorted), including "ghost" ids that only appear in replica lists. */
  readonly ids: number[];
  readonly index = new Map<number, number>();
  /** Rack index per broker; brokers without a rack and ghosts get a rack of their own. */
  readonly rack: Int32Array;
  /** May receive replicas and leadership: known, online, not excluded. */
  readonly active: Uint8Array;
  readonly excluded: Uint8Array;

  readonly topicNames: string[];
  /** Each topic's replica lists as given (by topic index): an unchanged partition's list is handed back as it was. */
  readonly inputLists: (readonly (readonly number[])[])[];
  readonly rackRule: Uint8Array;
  /** Racks among a topic's active eligible brokers: the spread a partition should reach (capped by its RF). */
  readonly rackTarget: Int32Array;
  /** Per topic: 1 for brokers it may use, or null = all. */
  readonly eligible: (Uint8Array | null)[];

  readonly partitionTopic: Int32Array;
  readonly partitionNumber: Int32Array;
  readonly partitionSize: Float64Array;
  readonly partitionMovable: Uint8Array;
  /**
   * Replica broker indexes, flat: partition k's list is slots[k * width, k * width + length[k]) (mutated by the
   * phases; -1 past a list's end). One typed array instead of 200,000 small ones: the phases visit partitions in
   * random orders, and separate lists cost a cache miss (and GC work) each.
   */
  readonly slots: Int32Array;
  /** Replica list length per partition (the phases never change it). */
  readonly length: Int32Array;
  /** Longest replica list (at least 1): the stride of `slots`. */
  readonly width: number;
  /** `slots` as built from the input, before any phase. */
  readonly initialSlots: Int32Array;
  /** Index of each topic's first partition; topicStart[t + 1] is one past its last. */
  readonly topicStart: Int32Array;

  readonly replicaCount: Int32Array;
  readonly leaderCount: Int32Array;
  /**
   * [topic × broker] replica and preferred-leader counts, in the narrowest unsigned type that holds the largest
   * topic's replica total: 20,000 topics × 110 brokers is 2.2 million cells, and first touching 8.8 MB of fresh
   * Int32Array memory costs ~70 ms per matrix — as Uint8Array, a quarter of that.
   */
  readonly topicReplicas: TopicCounts;
  readonly topicLeaders: TopicCounts;

  constructor(input: BalanceInput) {
    const known = new Map<number, BalanceBroker>();
    for (const b of input.brokers) known.set(b.id, b);
    const idSet = new Set<number>(known.keys());
    // Replica ids are checked against a flag table when broker ids are small (600,000 replicas: no map lookups).
    let maxKnown = -1;
    for (const id of known.keys()) maxKnown = Number.isInteger(id) && id >= 0 && id < 1 << 20 ? Math.max(maxKnown, id) : Infinity;
    const knownFlag = maxKnown < Infinity ? new Uint8Array(maxKnown + 1) : null;
    if (knownFlag !== null) for (const id of known.keys()) knownFlag[id] = 1;
    let width = 1;
    // One walk over every list for the widest list, the largest topic and ids no broker has (each walk of 200,000
    // small arrays costs 30–50 ms).
    let largestTopic = 0;
    for (const t of input.topics) {
      let total = 0;
      for (const list of t.replicas) {
        total += list.length;
        if (list.length > width) width = list.length;
        for (let i = 0; i < list.length; i++) {
          const id = list[i];
          if (knownFlag !== null && knownFlag[id] === 1) continue;
          if (!known.has(id)) idSet.add(id);
        }
      }
      if (total > largestTopic) largestTopic = total;
    }
    this.width = width;
    this.ids = [...idSet].sort((a, b) => a - b);
    const nb = this.ids.length;
    this.ids.forEach((id, i) => this.index.set(id, i));
    // Dense lookup for the usual small non-negative broker ids; the map otherwise.
    const maxId = nb === 0 ? -1 : this.ids[nb - 1];
    const table = this.ids[0] >= 0 && maxId < 1 << 20 ? new Int32Array(maxId + 1) : null;
    if (table !== null) this.ids.forEach((id, i) => (table[id] = i));
    const indexOf = (id: number): number => (table !== null ? table[id] : this.index.get(id)!);

    const excluded = new Set(input.excluded);
    this.rack = new Int32Array(nb);
    this.active = new Uint8Array(nb);
    this.excluded = new Uint8Array(nb);
    const rackIndex = new Map<string, number>();
    const realRacks = [...new Set(input.brokers.map((b) => b.rack).filter((r): r is string => r !== null))].sort();
    realRacks.forEach((r, i) => rackIndex.set(r, i));
    let nextRack = realRacks.length;
    this.ids.forEach((id, i) => {
      const b = known.get(id);
      this.rack[i] = b?.rack != null ? rackIndex.get(b.rack)! : nextRack++;
      this.excluded[i] = excluded.has(id) ? 1 : 0;
      this.active[i] = b !== undefined && b.online !== false && !excluded.has(id) ? 1 : 0;
    });

    const byName = (a: BalanceTopic, b: BalanceTopic): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    // Usually sorted already (the planner lays topics out by name): checking is one pass, sorting 20,000 names is not.
    const topics = input.topics.every((t, i) => i === 0 || byName(input.topics[i - 1], t) < 0) ? input.topics : [...input.topics].sort(byName);
    const nt = topics.length;
    this.topicNames = topics.map((t) => t.name);
    this.inputLists = topics.map((t) => t.replicas);
    this.rackRule = new Uint8Array(nt);
    this.rackTarget = new Int32Array(nt);
    this.eligible = [];
    this.topicStart = new Int32Array(nt + 1);
    let np = 0;
    topics.forEach((t, ti) => {
      this.topicStart[ti] = np;
      np += t.replicas.length;
    });
    this.topicStart[nt] = np;

    this.partitionTopic = new Int32Array(np);
    this.partitionNumber = new Int32Array(np);
    this.partitionSize = new Float64Array(np);
    this.partitionMovable = new Uint8Array(np);
    this.slots = new Int32Array(np * width).fill(-1);
    this.length = new Int32Array(np);
    this.replicaCount = new Int32Array(nb);
    this.leaderCount = new Int32Array(nb);
    this.topicReplicas = topicCounts(nt * nb, largestTopic);
    this.topicLeaders = topicCounts(nt * nb, largestTopic);

    let allRacks: number | undefined;
    topics.forEach((t, ti) => {
      let mask: Uint8Array | null = null;
      if (t.eligible !== undefined) {
        mask = new Uint8Array(nb);
        for (const id of t.eligible) {
          const i = this.index.get(id);
          if (i !== undefined) mask[i] = 1;
        }
      }
      this.eligible.push(mask);
      this.rackRule[ti] = t.rackRule ? 1 : 0;
      if (t.rackRule) {
        if (mask === null) allRacks ??= this.racksAmong(null);
        this.rackTarget[ti] = mask === null ? allRacks! : this.racksAmong(mask);
      }
      const base = this.topicStart[ti];
      const row = ti * nb;
      for (let p = 0; p < t.replicas.length; p++) {
        const list = t.replicas[p];
        const k = base + p;
        this.partitionTopic[k] = ti;
        this.partitionNumber[k] = p;
        this.partitionSize[k] = t.sizes?.[p] ?? 0;
        const at = k * width;
        this.length[k] = list.length;
        // A reassignment whose target keeps a replica on an offline broker never completes (it cannot join the ISR).
        let stalled = false;
        for (let slot = 0; slot < list.length; slot++) {
          const b = indexOf(list[slot]);
          this.slots[at + slot] = b;
          if (!this.active[b] && !this.excluded[b]) stalled = true;
          this.replicaCount[b]++;
          this.topicReplicas[row + b]++;
          if (slot === 0) {
            this.leaderCount[b]++;
            this.topicLeaders[row + b]++;
          }
        }
        this.partitionMovable[k] = p < t.movablePartitions && !stalled ? 1 : 0;
      }
    });
    this.initialSlots = this.slots.slice();
  }

  /** Distinct racks among the active brokers (of the mask, when given). */
  private racksAmong(mask: Uint8Array | null): number {
    const racks = new Set<number>();
    for (let b = 0; b < this.ids.length; b++) if (this.active[b] && (mask === null || mask[b])) racks.add(this.rack[b]);
    return racks.size;
  }

  get brokerCount(): number {
    return this.ids.length;
  }

  get topicCount(): number {
    return this.topicNames.length;
  }

  get partitionCount(): number {
    return this.length.length;
  }

  /** Partition k's preferred leader (first replica); -1 for an empty list. */
  leader(k: number): number {
    return this.slots[k * this.width];
  }

  /** Position of broker b in partition k's list, or -1. */
  slotOf(k: number, b: number): number {
    const at = k * this.width;
    for (let i = 0; i < this.length[k]; i++) if (this.slots[at + i] === b) return i;
    return -1;
  }

  /** Partition k's replica list (broker indexes), as a new array. */
  list(k: number): number[] {
    const at = k * this.width;
    const out = new Array<number>(this.length[k]);
    for (let i = 0; i < out.length; i++) out[i] = this.slots[at + i];
    return out;
  }

  /** Distinct racks among the partition's replicas, with `slot` replaced by broker `replacement` when given. */
  rackSpread(k: number, slot = -1, replacement = -1): number {
    const at = k * this.width;
    const n = this.length[k];
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const r = this.rack[i === slot ? replacement : this.slots[at + i]];
      let j = 0;
      while (j < i && this.rack[j === slot ? replacement : this.slots[at + j]] !== r) j++;
      if (j === i) distinct++;
    }
    return distinct;
  }

  /** The rack spread partition k must keep: min(RF, racks), or what it has when it already falls short. */
  rackFloor(k: number): number {
    const t = this.partitionTopic[k];
    return Math.min(this.rackSpread(k), this.length[k], this.rackTarget[t]);
  }

  /** Spread (max − min) of a per-topic count (topicReplicas or topicLeaders) over topic t's active eligible brokers. */
  topicSpread(counts: TopicCounts, t: number): number {
    const nb = this.brokerCount;
    const mask = this.eligible[t];
    let min = Infinity;
    let max = -Infinity;
    for (let b = 0; b < nb; b++) {
      if (!this.active[b] || (mask !== null && !mask[b])) continue;
      const c = counts[t * nb + b];
      if (c < min) min = c;
      if (c > max) max = c;
    }
    return max >= min ? max - min : 0;
  }

  /** Is the replica in `slot` of partition k on a broker that did not hold the partition before any phase? */
  isNewReplica(k: number, slot: number): boolean {
    const at = k * this.width;
    const b = this.slots[at + slot];
    for (let j = 0; j < this.length[k]; j++) if (this.initialSlots[at + j] === b) return false;
    return true;
  }

  /** Replaces the replica in `slot` of partition k by broker `to`, keeping every count in step. */
  replaceReplica(k: number, slot: number, to: number): void {
    const from = this.slots[k * this.width + slot];
    const row = this.partitionTopic[k] * this.brokerCount;
    this.slots[k * this.width + slot] = to;
    this.replicaCount[from]--;
    this.replicaCount[to]++;
    this.topicReplicas[row + from]--;
    this.topicReplicas[row + to]++;
    if (slot === 0) this.shiftLeader(row, from, to);
  }

  /** Makes broker `to` (a replica of partition k) the preferred leader: moved to the front, the rest keep their order. */
  promote(k: number, to: number): void {
    const pos = this.slotOf(k, to);
    if (pos <= 0) return;
    const at = k * this.width;
    const from = this.slots[at];
    for (let i = pos; i > 0; i--) this.slots[at + i] = this.slots[at + i - 1];
    this.slots[at] = to;
    this.shiftLeader(this.partitionTopic[k] * this.brokerCount, from, to);
  }

  private shiftLeader(row: number, from: number, to: number): void {
    this.leaderCount[from]--;
    this.leaderCount[to]++;
    this.topicLeaders[row + from]--;
    this.topicLeaders[row + to]++;
  }
}
