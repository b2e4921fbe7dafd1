import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../model/cluster-state.js';
import { fingerprintClusterState } from './fingerprint.js';
import { planRebalance } from './plan-rebalance.js';
import { clusterBalanceStats } from './rebalance/index.js';
import { ClusterStateBuilder } from './testing/cluster-state-builder.js';
import { topicSpec } from './testing/desired-state.js';

const grown = (): ClusterState =>
  new ClusterStateBuilder()
    .brokers(3, { racks: ['a', 'b', 'c'] })
    .topic('orders', { partitions: 6, rf: 3, sizeBytes: 100 })
    .topic('payments', { partitions: 3, rf: 2, sizeBytes: 10 })
    .topic('__consumer_offsets', { partitions: 3, rf: 3, internal: true })
    .topic('_schemas', { partitions: 1, rf: 3 })
    .broker(4, 'a')
    .broker(5, 'b')
    .broker(6, 'c')
    .build();

function after(state: ClusterState, p: ReturnType<typeof planRebalance>): ClusterState {
  const topics = { ...state.topics };
  for (const a of p.actions) {
    if (a.kind !== 'reassign-partitions') continue;
    const t = topics[a.topic];
    topics[a.topic] = { ...t, partitions: t.partitions.map((part) => ({ ...part, replicas: a.moves.find((m) => m.partition === part.partition)?.to ?? part.replicas })) };
  }
  return { ...state, topics };
}

describe('planRebalance', () => {
  it('rebalances the cluster\'s own topics, with reassign actions only', () => {
    const state = grown();
    const p = planRebalance(state);
    expect(p.errors).toEqual([]);
    expect(p.actions.length).toBeGreaterThan(0);
    expect(p.actions.every((a) => a.kind === 'reassign-partitions' && a.reason === 'rebalance')).toBe(true);
    expect(p.summary).toEqual({ create: 0, update: p.actions.length, delete: 0 });
    expect(p.clusterFingerprint).toBe(fingerprintClusterState(state));
    expect(p.reassignment?.summary.partitionMoves).toBe(p.actions.reduce((n, a) => n + (a.kind === 'reassign-partitions' ? a.moves.length : 0), 0));
  });

  it('keeps the YAML’s placement constraints when given the topics: static topics stay, broker subsets hold', () => {
    const state = grown();
    const staticAssignment = state.topics.payments.partitions.map((p) => p.replicas);
    const p = planRebalance(state, {
      topics: [
        topicSpec('orders', { partitions: 6, replicationFactor: 3, brokers: [1, 2, 3] }),
        topicSpec('payments', { partitions: 3, replicationFactor: 2, placement: 'static', replicaAssignment: staticAssignment }),
      ],
    });
    expect(p.errors).toEqual([]);
    const moved = after(state, p);
    for (const part of moved.topics.orders.partitions) for (const b of part.replicas) expect([1, 2, 3]).toContain(b);
    expect(moved.topics.payments.partitions.map((x) => x.replicas)).toEqual(staticAssignment);
    // Without the topics, both would move onto the new brokers.
    const free = after(state, planRebalance(state));
    expect(free.topics.orders.partitions.some((x) => x.replicas.some((b) => b > 3))).toBe(true);
  });

  it('never moves protected or internal topics (default pattern ^__ and given patterns)', () => {
    const p = planRebalance(grown(), { protectedTopics: ['^_schemas$'] });
    const touched = p.actions.map((a) => a.topic);
    expect(touched).not.toContain('_schemas');
    expect(touched).not.toContain('__consumer_offsets'); // internal
    expect(planRebalance(grown()).actions.map((a) => a.topic)).not.toContain('__consumer_offsets');
  });

  it('balances the movable replicas within ±1 where fixed topics allow', () => {
    const state = grown();
    const moved = after(state, planRebalance(state, { protectedTopics: [] }));
    const stats = clusterBalanceStats(
      state.brokers.map((b) => ({ id: b.id, rack: b.rack })),
      [],
      Object.values(moved.topics).map((t) => ({ name: t.name, replicas: t.partitions.map((p) => p.replicas), movablePartitions: 0, rackRule: true })),
    );
    expect(stats.rackViolations).toBe(0);
    expect(stats.replicaSpread).toBeLessThanOrEqual(2); // __consumer_offsets (internal) stays on brokers 1–3
  });

  it('moves nothing when a protected pattern is invalid', () => {
    const p = planRebalance(grown(), { protectedTopics: ['(bad'] });
    expect(p.errors.map((e) => e.code)).toEqual(['invalid-protected-pattern']);
    expect(p.actions).toEqual([]);
  });

  it('decommissions without rebalancing when asked', () => {
    const p = planRebalance(grown(), { excludedBrokers: [3], rebalance: false });
    expect(p.actions.length).toBeGreaterThan(0);
    expect(p.actions.every((a) => a.kind === 'reassign-partitions' && a.reason === 'decommission')).toBe(true);
    for (const a of p.actions) if (a.kind === 'reassign-partitions') for (const m of a.moves) expect(m.to).not.toContain(3);
    expect(p.warnings.map((w) => w.code)).toEqual(['decommission-incomplete']); // __consumer_offsets stays
  });

  it('names the topics it leaves more than ±1 apart per broker', () => {
    // Racks a, b, c, c: every partition of a rack-aware RF 3 topic needs broker 1 (rack a's only broker) and broker 2
    // (rack b's), so t's replicas end 4/4/2/2 however they are placed. That fills brokers 1 and 2 (16 replicas, 4
    // each), so u's four replicas go to brokers 3 and 4: u 0/0/2/2 — the brokers' balance comes first.
    const state = new ClusterStateBuilder()
      .broker(1, 'a')
      .broker(2, 'b')
      .broker(3, 'c')
      .broker(4, 'c')
      .topic('t', { assignment: [[1, 2, 3], [2, 1, 3], [1, 2, 4], [2, 1, 4]] })
      .topic('u', { assignment: [[1], [1], [1], [1]] })
      .build();
    const p = planRebalance(state);
    const perTopic = p.warnings.filter((w) => w.message.includes('topic(s) keep replicas or preferred leaders more than ±1 apart'));
    expect(perTopic.map((w) => [w.code, w.message.split(':')[1].split('(')[0].trim()])).toEqual([['rebalance-incomplete', 't, u']]);
  });

  it('makes no move on a balanced cluster', () => {
    const state = new ClusterStateBuilder().brokers(3, { racks: ['a', 'b', 'c'] }).topic('t', { partitions: 6, rf: 2 }).build();
    const p = planRebalance(state);
    expect(p.actions).toEqual([]);
    expect(p.reassignment).toBeUndefined();
  });
});
