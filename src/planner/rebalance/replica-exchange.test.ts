import { describe, expect, it } from 'vitest';
import { BalanceModel } from './model.js';
import { exchangeMovedReplicas } from './replica-exchange.js';
import { topicReplicaBands } from './replica-phase.js';
import type { Mover } from './transport.js';

/** Brokers 1–4, no racks; t: p0 [1,2], p1 [3,2]; w: q0 [1,3]. */
function model(): BalanceModel {
  return new BalanceModel({
    brokers: [1, 2, 3, 4].map((id) => ({ id, rack: null })),
    excluded: [],
    rebalance: true,
    topics: [
      { name: 't', replicas: [[1, 2], [3, 2]], movablePartitions: 2, rackRule: false },
      { name: 'w', replicas: [[1, 3]], movablePartitions: 1, rackRule: false },
    ],
  });
}

function mover(m: BalanceModel): Mover {
  return {
    at: (u) => m.slots[u],
    group: (u) => Math.floor(u / m.width),
    canMove: (u, to) => m.active[to] === 1 && m.slotOf(Math.floor(u / m.width), to) < 0,
    move: (u, to) => m.replaceReplica(Math.floor(u / m.width), u % m.width, to),
    score: () => 0,
  };
}

const lists = (m: BalanceModel): number[][] => Array.from({ length: m.partitionCount }, (_, k) => m.list(k).map((b) => m.ids[b]));
const counts = (m: BalanceModel): number[] => [...m.replicaCount];

describe('exchangeMovedReplicas', () => {
  it('swaps a moved replica that piles its topic on a broker with another topic\'s moved replica, keeping every count', () => {
    const m = model();
    const b = (id: number): number => m.index.get(id)!;
    // As a transport could leave it: both of t's second replicas moved onto broker 4 (t: 2 there, 0 on 2), and w's
    // second replica moved from 3 onto 2.
    m.replaceReplica(0, 1, b(4));
    m.replaceReplica(1, 1, b(4));
    m.replaceReplica(2, 1, b(2));
    const before = counts(m);
    expect(lists(m)).toEqual([[1, 4], [3, 4], [1, 2]]);

    expect(exchangeMovedReplicas(m, topicReplicaBands(m), mover(m))).toBe(1);
    // t's first moved replica goes to broker 2 (back where it was), w's to broker 4 in its place.
    expect(lists(m)).toEqual([[1, 2], [3, 4], [1, 4]]);
    expect(counts(m)).toEqual(before);
    const nb = m.brokerCount;
    for (let t = 0; t < m.topicCount; t++) {
      const row = [...m.topicReplicas.subarray(t * nb, (t + 1) * nb)];
      expect(Math.max(...row) - Math.min(...row)).toBeLessThanOrEqual(1);
    }
  });

  it('changes nothing when every topic is within its band', () => {
    const m = model();
    m.replaceReplica(2, 1, m.index.get(4)!);
    const before = lists(m);
    expect(exchangeMovedReplicas(m, topicReplicaBands(m), mover(m))).toBe(0);
    expect(lists(m)).toEqual(before);
  });
});
