/**
 * Preferred leaders into the ±1 band by augmenting paths over brokers — the complete step behind the leader phase's
 * transport. The transport aims at exact shares (the brokers leading most now get the extra leadership), which can
 * be out of reach when another choice of those brokers is not: here every active broker may end anywhere in
 * [floor, ceil] of leaders ÷ active brokers. Leadership of a partition may go to any of its replicas on an active
 * broker, so this is a bipartite assignment with degree bounds, and augmenting paths reach the band whenever any
 * assignment does:
 *
 * 1. Every broker above its ceiling hands one leadership along a shortest path x → y → … → z (each hop: a partition
 *    led by x with a replica on y) ending at a broker below the ceiling. Intermediate brokers keep their count.
 *    No path from x = the brokers x reaches lead every partition with a replica among them, more than their
 *    ceilings hold: no assignment fits.
 * 2. Every broker below its floor takes one leadership along a shortest path from a broker above its floor
 *    (searched backwards). No broker goes above its ceiling, and nobody drops below its floor. No path = the
 *    brokers that reach it are the only leaders of every partition touching them, fewer than their floors need.
 *
 * Shortest paths (breadth-first) change few leaderships; the hop's partition is the one whose topic has fewest
 * leaders on the receiver (per-topic balance), then the earliest in the caller's order. Deterministic.
 */
import type { BalanceModel } from './model.js';

export interface LeaderBand {
  /** Fewest and most leaderships each broker may end with. */
  readonly low: Int32Array;
  readonly high: Int32Array;
}

/**
 * Moves leaderships of the partitions in `order` (those that may be reordered) until every broker is within its
 * band; returns false when some broker is left outside (no assignment of leaders reaches the band).
 */
export function reachLeaderBand(model: BalanceModel, order: readonly number[], band: LeaderBand): boolean {
  const nb = model.brokerCount;
  const { low, high } = band;
  const counts = model.leaderCount;
  let outside = false;
  for (let b = 0; b < nb && !outside; b++) outside = counts[b] < low[b] || counts[b] > high[b];
  if (!outside) return true;

  // Partitions led by each broker (caller's order) and the broker → broker count of possible hand-overs.
  const led: number[][] = Array.from({ length: nb }, () => []);
  for (const k of order) led[model.leader(k)].push(k);
  const edges = new Int32Array(nb * nb);
  const contribute = (k: number, sign: 1 | -1): void => {
    const at = k * model.width;
    const from = model.slots[at];
    for (let i = 1; i < model.length[k]; i++) {
      const to = model.slots[at + i];
      if (model.active[to]) edges[from * nb + to] += sign;
    }
  };
  for (const k of order) contribute(k, 1);

  const handOver = (x: number, y: number): void => {
    const row = led[x];
    let best = -1;
    for (let i = 0; i < row.length; i++) {
      const k = row[i];
      if (model.slotOf(k, y) <= 0) continue;
      if (best < 0 || topicLeadersOn(row[i], y) < topicLeadersOn(row[best], y)) best = i;
    }
    const k = row[best];
    row.splice(best, 1);
    contribute(k, -1);
    model.promote(k, y);
    contribute(k, 1);
    led[y].push(k);
  };
  const topicLeadersOn = (k: number, b: number): number => model.topicLeaders[model.partitionTopic[k] * nb + b];

  const parent = new Int32Array(nb);
  /** Breadth-first from `start`, forwards (hop x → y) or backwards; returns the first broker passing `end`, or -1. */
  const search = (start: number, forward: boolean, end: (b: number) => boolean): number => {
    parent.fill(-1);
    parent[start] = start;
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const x = queue[head];
      for (let y = 0; y < nb; y++) {
        if (parent[y] >= 0 || (forward ? edges[x * nb + y] : edges[y * nb + x]) <= 0) continue;
        parent[y] = x;
        if (end(y)) return y;
        queue.push(y);
      }
    }
    return -1;
  };

  // 1. Down to the ceilings.
  for (let d = 0; d < nb; d++) {
    while (counts[d] > high[d]) {
      const end = search(d, true, (y) => model.active[y] === 1 && counts[y] < high[y]);
      if (end < 0) break;
      const hops: number[] = [];
      for (let y = end; y !== d; y = parent[y]) hops.push(y);
      // From the end backwards: each hop's giver still leads the partition chosen for it.
      for (const y of hops) handOver(parent[y], y);
    }
  }
  // 2. Up to the floors.
  for (let r = 0; r < nb; r++) {
    while (counts[r] < low[r]) {
      const start = search(r, false, (x) => counts[x] > low[x]);
      if (start < 0) break;
      // parent points towards r: start → parent[start] → … → r, handed over from r's end backwards (as above).
      const givers: number[] = [];
      for (let x = start; x !== r; x = parent[x]) givers.push(x);
      for (let i = givers.length - 1; i >= 0; i--) handOver(givers[i], parent[givers[i]]);
    }
  }
  for (let b = 0; b < nb; b++) if (counts[b] < low[b] || counts[b] > high[b]) return false;
  return true;
}
