/**
 * Per-topic replica balance after the transport, without a single extra move: where a broker r ended above a
 * topic's ceiling through a replica u moved onto it, u goes to a broker r2 below that ceiling instead, and a replica v
 * of another topic that was moved onto r2 goes to r in its place. Every broker keeps its count, the move count never
 * grows (u may even land back where it started), and v's topic must stay within its band on both brokers. This mends what
 * the greedy step's last pass leaves when the receivers with room already hold the topic (e.g. the last replicas
 * leaving a decommissioned broker). A preferred leader is exchanged only for a preferred leader, so leader counts per
 * broker hold too. Deterministic: units in index order, receivers in broker order.
 */
import type { BalanceModel } from './model.js';
import type { Mover } from './transport.js';

export interface TopicBands {
  readonly topicFloor: Int32Array;
  readonly topicCeil: Int32Array;
}

/** Exchanges as described above; returns how many pairs were exchanged. */
export function exchangeMovedReplicas(model: BalanceModel, bands: TopicBands, mover: Mover): number {
  const nb = model.brokerCount;
  const { slots, width } = model;
  const tr = model.topicReplicas;
  const { topicFloor, topicCeil } = bands;
  const topicOf = (u: number): number => model.partitionTopic[Math.floor(u / width)];
  // Replicas placed on a broker that did not hold their partition before, by the broker they are on now.
  const movedOnto: number[][] = Array.from({ length: nb }, () => []);
  const moved: number[] = [];
  for (let k = 0; k < model.partitionCount; k++) {
    if (!model.partitionMovable[k]) continue;
    const at = k * width;
    for (let i = 0; i < model.length[k]; i++) {
      if (!model.isNewReplica(k, i)) continue;
      movedOnto[slots[at + i]].push(at + i);
      moved.push(at + i);
    }
  }
  let exchanged = 0;
  for (const u of moved) {
    const t = topicOf(u);
    const r = slots[u];
    if (tr[t * nb + r] <= topicCeil[t]) continue;
    search: for (let r2 = 0; r2 < nb; r2++) {
      if (r2 === r || tr[t * nb + r2] >= topicCeil[t] || !mover.canMove(u, r2, false)) continue;
      for (const v of movedOnto[r2]) {
        const t2 = topicOf(v);
        // A preferred leader only for a preferred leader, so every broker keeps its leader count too.
        if (t2 === t || slots[v] !== r2 || (u % width === 0) !== (v % width === 0)) continue;
        if (tr[t2 * nb + r] >= topicCeil[t2] || tr[t2 * nb + r2] <= topicFloor[t2]) continue;
        if (!mover.canMove(v, r, false)) continue;
        mover.move(u, r2);
        mover.move(v, r);
        movedOnto[r2].splice(movedOnto[r2].indexOf(v), 1, u);
        movedOnto[r].splice(movedOnto[r].indexOf(u), 1, v);
        exchanged++;
        break search;
      }
    }
  }
  return exchanged;
}
