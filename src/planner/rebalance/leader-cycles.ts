/**
 * The complete step behind per-topic preferred-leader balance: a cycle of leadership chains. A chain of topic t
 * from broker x to broker y hands leadership along t's partitions (x leads one with a replica on a, a leads one with
 * a replica on b, …, ending at y): x leads one fewer of t, y one more, the brokers between keep their counts. A
 * cycle of chains x1 → x2 → … → x1 keeps every broker's count; one through the band node (from a broker at the top
 * of the cluster-wide band to one at its bottom) swaps their places in it. Either keeps the cluster-wide ±1.
 *
 * Taken when it lowers Σ over topics and brokers of (topic leaders)²: a chain of t from x to y changes that sum by
 * 2·(t on y − t on x) + 2. With the cheapest chain per broker pair as edge cost this is a negative cycle, found by
 * Bellman–Ford over the brokers. The cost is exact for chains that touch disjoint counts and an overestimate when two
 * chains of one topic share a broker (entering before leaving only helps), so the sum drops by at least 2 per cycle
 * and the search terminates. Only movable partitions and active brokers take part. Deterministic.
 */
import type { BalanceModel } from './model.js';

export interface LeaderBandLimits {
  readonly low: number;
  readonly high: number;
}

export interface LeaderHop {
  readonly partition: number;
  readonly from: number;
  readonly to: number;
}

/** Some topic's preferred leaders are 2 or more apart over the active brokers it may use. */
export function anyUnevenTopic(model: BalanceModel): boolean {
  for (let t = 0; t < model.topicCount; t++) if (model.topicSpread(model.topicLeaders, t) >= 2) return true;
  return false;
}

/** The hand-overs of a cycle that lowers Σ (topic leaders)², or null when there is none. */
export function findLeaderCycle(model: BalanceModel, band: LeaderBandLimits | null): LeaderHop[] | null {
  const nb = model.brokerCount;
  const n = nb + 1; // node nb: the band
  const cost = new Float64Array(n * n).fill(Infinity);
  const viaTopic = new Int32Array(n * n).fill(-1);
  const chains = new TopicChains(model);
  for (let t = 0; t < model.topicCount; t++) {
    const row = t * nb;
    for (const x of chains.load(t)) {
      for (const y of chains.reachable(x)) {
        const c = 2 * (model.topicLeaders[row + y] - model.topicLeaders[row + x]) + 2;
        if (c < cost[x * n + y]) {
          cost[x * n + y] = c;
          viaTopic[x * n + y] = t;
        }
      }
    }
  }
  if (band !== null) {
    for (let b = 0; b < nb; b++) {
      if (!model.active[b]) continue;
      if (model.leaderCount[b] === band.high) cost[nb * n + b] = 0;
      if (model.leaderCount[b] === band.low) cost[b * n + nb] = 0;
    }
  }
  const cycle = negativeCycle(cost, n);
  if (cycle === null) return null;
  // Each edge becomes a concrete chain, all found on the current state with distinct partitions (their hand-overs are
  // then independent). A chain that cannot be found without reusing a partition ends the search.
  const used = new Set<number>();
  const hops: LeaderHop[] = [];
  for (let i = 0; i < cycle.length; i++) {
    const x = cycle[i];
    const y = cycle[(i + 1) % cycle.length];
    if (x === nb || y === nb) continue;
    chains.load(viaTopic[x * n + y]);
    const chain = chains.path(x, y, used);
    if (chain === null) return null;
    for (const hop of chain) {
      used.add(hop.partition);
      hops.push(hop);
    }
  }
  return hops;
}

/** One topic's leadership graph: brokers that lead its movable partitions, and where each can hand leadership. */
class TopicChains {
  /** Movable partitions of the loaded topic by their (active) leader. */
  private readonly led = new Map<number, number[]>();
  private readonly seen: Uint8Array;

  constructor(private readonly model: BalanceModel) {
    this.seen = new Uint8Array(model.brokerCount);
  }

  /** Switches to topic t; returns the active brokers leading at least one of its movable partitions. */
  load(t: number): number[] {
    const model = this.model;
    this.led.clear();
    for (let k = model.topicStart[t]; k < model.topicStart[t + 1]; k++) {
      const leader = model.leader(k);
      if (!model.partitionMovable[k] || !model.active[leader]) continue;
      const list = this.led.get(leader);
      if (list === undefined) this.led.set(leader, [k]);
      else list.push(k);
    }
    return [...this.led.keys()];
  }

  /** Brokers a chain from x can end at (x excluded), breadth-first. */
  reachable(x: number): number[] {
    const seen = this.seen;
    const queue = [x];
    seen[x] = 1;
    for (let head = 0; head < queue.length; head++) {
      this.eachHop(queue[head], (_k, to) => {
        if (seen[to]) return;
        seen[to] = 1;
        queue.push(to);
      });
    }
    for (const b of queue) seen[b] = 0;
    return queue.slice(1);
  }

  /** The shortest chain from x to y whose partitions are not in `used`, or null. */
  path(x: number, y: number, used: ReadonlySet<number>): LeaderHop[] | null {
    const parent = new Map<number, LeaderHop | null>([[x, null]]);
    const queue = [x];
    for (let head = 0; head < queue.length && !parent.has(y); head++) {
      const from = queue[head];
      this.eachHop(from, (partition, to) => {
        if (parent.has(to) || used.has(partition)) return;
        parent.set(to, { partition, from, to });
        queue.push(to);
      });
    }
    if (!parent.has(y)) return null;
    const chain: LeaderHop[] = [];
    for (let hop = parent.get(y)!; hop !== null; hop = parent.get(hop.from)!) chain.push(hop);
    return chain.reverse();
  }

  /** Every hand-over from `broker`: a partition it leads and another active replica of it. */
  private eachHop(broker: number, visit: (partition: number, to: number) => void): void {
    const model = this.model;
    for (const k of this.led.get(broker) ?? []) {
      const at = k * model.width;
      for (let i = 1; i < model.length[k]; i++) {
        const to = model.slots[at + i];
        if (model.active[to]) visit(k, to);
      }
    }
  }
}

/** The nodes of a negative cycle in the dense cost matrix (Infinity = no edge), in order, or null. */
function negativeCycle(cost: Float64Array, n: number): number[] | null {
  // Bellman–Ford from a virtual source joined to every node at cost 0: still relaxing after n rounds = a cycle.
  const dist = new Float64Array(n);
  const pred = new Int32Array(n).fill(-1);
  let relaxed = -1;
  for (let round = 0; round < n; round++) {
    relaxed = -1;
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        const c = cost[x * n + y];
        if (c !== Infinity && dist[x] + c < dist[y]) {
          dist[y] = dist[x] + c;
          pred[y] = x;
          relaxed = y;
        }
      }
    }
    if (relaxed < 0) return null;
  }
  // Walking back n steps from a node relaxed in the last round lands on the cycle.
  let start = relaxed;
  for (let i = 0; i < n; i++) start = pred[start];
  const nodes: number[] = [];
  for (let v = start; ; ) {
    nodes.push(v);
    v = pred[v];
    if (v === start) break;
  }
  return nodes.reverse();
}
