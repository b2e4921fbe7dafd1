/**
 * Per-topic preferred-leader balance, the leader phase's secondary goal: leaderships of a topic move between the
 * replicas of its partitions without breaking the cluster-wide ±1 — single hand-overs from a broker at the top of
 * the cluster band to one at the bottom, then swaps (broker d hands a partition of topic t to r, r hands a partition
 * of another topic back to d) that leave every broker's count as it was. Both only ever lower Σ over topics and
 * brokers of (topic leaders)², so they terminate, and a balanced result fed back in comes back unchanged.
 */
import { anyUnevenTopic, findLeaderCycle, type LeaderBandLimits } from './leader-cycles.js';
import type { BalanceModel } from './model.js';

/** Most negative-cycle searches per balance: each reads every movable partition (~150 ms on 200,000). */
const CYCLE_SEARCHES = 8;

/** Evens out leaders per topic (see above); returns the leadership changes made. */
export function evenTopicLeaders(model: BalanceModel, shares: Int32Array): number {
  const nb = model.brokerCount;
  let low = Infinity;
  let high = -Infinity;
  for (let b = 0; b < nb; b++) {
    if (!model.active[b]) continue;
    low = Math.min(low, shares[b]);
    high = Math.max(high, shares[b]);
  }
  // Single hand-overs need a band to trade within (all shares equal: any of them breaks ±1); swaps do not.
  const band = high === low + 1;
  const swaps = new TopicLeaderSwaps(model);
  // Repeat until nothing changes, so a balanced result fed back in comes back unchanged. Terminates: each change
  // lowers Σ over topics and brokers of (topic leaders)² by at least 2.
  let total = 0;
  for (let changes = -1; changes !== 0; total += changes) {
    const handed = band ? evenTopicLeadersOnce(model, low, high) : 0;
    if (handed > 0) swaps.forget();
    changes = handed + swaps.pass();
    if (changes === 0) changes = swaps.cycles(band ? { low, high } : null);
  }
  return total;
}

/**
 * Swaps: partition k of topic t goes from d to r (t has ≥ 2 more leaders on d than on r), and a partition of
 * another topic t2 that r leads and d holds goes back to d, when together they lower Σ (topic leaders)²: the gains
 * (t on d − t on r) + (t2 on r − t2 on d) exceed 2. The partition with the largest t2 gain is taken (ties: first).
 */
class TopicLeaderSwaps {
  /** Movable partitions by preferred leader (built at the first candidate). */
  private led: number[][] | null = null;
  /** Negative-cycle searches left, over every call of cycles(). */
  private searchesLeft = CYCLE_SEARCHES;

  constructor(private readonly model: BalanceModel) {}

  /** Leaderships changed elsewhere: the by-leader lists are rebuilt when next needed. */
  forget(): void {
    this.led = null;
  }

  /** One pass over every topic; returns the leadership changes made (two per swap). */
  pass(): number {
    const model = this.model;
    const nb = model.brokerCount;
    const tl = model.topicLeaders;
    let changes = 0;
    for (let t = 0; t < model.topicCount; t++) {
      const row = t * nb;
      for (let k = model.topicStart[t]; k < model.topicStart[t + 1]; k++) {
        if (!model.partitionMovable[k]) continue;
        const at = k * model.width;
        const d = model.slots[at];
        for (let i = 1; i < model.length[k]; i++) {
          const r = model.slots[at + i];
          const gain = tl[row + d] - tl[row + r];
          if (gain < 2 || !model.active[r] || !model.active[d]) continue;
          const partner = this.partner(t, d, r, gain);
          if (partner < 0) continue;
          this.hand(k, d, r);
          this.hand(partner, r, d);
          changes += 2;
          break;
        }
      }
    }
    return changes;
  }

  /**
   * What hand-overs and swaps leave: cycles of leadership chains that keep every broker's count (or trade places in
   * the band) and lower Σ (topic leaders)² (./leader-cycles.ts). Searched only while some topic's leaders are 2 or
   * more apart; returns the leadership changes made.
   */
  cycles(band: LeaderBandLimits | null): number {
    let changes = 0;
    // Each search reads every movable partition: bounded (CYCLE_SEARCHES in all), so a cluster with many uneven topics
    // stays quick to plan; what is left is reported as per-topic imbalance.
    for (; this.searchesLeft > 0 && anyUnevenTopic(this.model); this.searchesLeft--) {
      const hops = findLeaderCycle(this.model, band);
      if (hops === null) break;
      this.led ??= this.byLeader();
      for (const hop of hops) this.hand(hop.partition, hop.from, hop.to);
      changes += hops.length;
    }
    return changes;
  }

  /** A partition of another topic led by r with a replica on d whose swap back completes a gain above 2, or -1. */
  private partner(t: number, d: number, r: number, gain: number): number {
    const model = this.model;
    const nb = model.brokerCount;
    const tl = model.topicLeaders;
    this.led ??= this.byLeader();
    let best = -1;
    let bestGain = 2 - gain; // the partner's gain must beat this
    for (const k of this.led[r]) {
      const t2 = model.partitionTopic[k];
      if (t2 === t) continue;
      const g = tl[t2 * nb + r] - tl[t2 * nb + d];
      if (g <= bestGain || model.slotOf(k, d) <= 0) continue;
      best = k;
      bestGain = g;
    }
    return best;
  }

  private hand(k: number, from: number, to: number): void {
    const row = this.led![from];
    row.splice(row.indexOf(k), 1);
    this.led![to].push(k);
    this.model.promote(k, to);
  }

  private byLeader(): number[][] {
    const model = this.model;
    const led: number[][] = Array.from({ length: model.brokerCount }, () => []);
    for (let k = 0; k < model.partitionCount; k++) if (model.partitionMovable[k]) led[model.leader(k)].push(k);
    return led;
  }
}

function evenTopicLeadersOnce(model: BalanceModel, low: number, high: number): number {
  const nb = model.brokerCount;
  let changes = 0;
  for (let t = 0; t < model.topicCount; t++) {
    const row = t * nb;
    for (let k = model.topicStart[t]; k < model.topicStart[t + 1]; k++) {
      if (!model.partitionMovable[k]) continue;
      const at = k * model.width;
      const d = model.slots[at];
      if (model.leaderCount[d] !== high) continue;
      let best = -1;
      for (let i = 1; i < model.length[k]; i++) {
        const r = model.slots[at + i];
        if (!model.active[r] || model.leaderCount[r] !== low) continue;
        if (model.topicLeaders[row + r] + 2 > model.topicLeaders[row + d]) continue;
        if (best < 0 || model.topicLeaders[row + r] < model.topicLeaders[row + best]) best = r;
      }
      if (best < 0) continue;
      model.promote(k, best);
      changes++;
    }
  }
  return changes;
}
