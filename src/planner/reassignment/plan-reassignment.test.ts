import { describe, expect, it } from 'vitest';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { planReassignment, reassignmentMoves, resolveReassignmentOptions } from './plan-reassignment.js';
import { EXAMPLE_MOVES, exampleReassignment, exampleState, MiB, withOffline } from './testing.js';
import type { PartitionMove } from './types.js';

describe('planReassignment on the example cluster', () => {
  const r = exampleReassignment();

  it('batches: instant leadership move first, then copies split by the per-broker limit', () => {
    expect(r.batches.map((b) => [b.kind, b.moves.map((m) => `${m.topic}-${m.partition}`), b.bytes, b.durationSeconds])).toEqual([
      ['instant', ['orders.v1-0'], 0, 0],
      ['copy', ['orders.v1-3'], 812 * MiB, 17], // ceil(812 / 50)
      ['copy', ['payments-1'], 100 * MiB, 2], // both copy onto broker 4, limit 1
    ]);
  });

  it('summarises moves, bytes and an ETA equal to the sum of batch durations', () => {
    expect(r.summary).toEqual({
      partitionMoves: 3,
      leadershipOnlyMoves: 1,
      bytes: 912 * MiB,
      batches: 3,
      etaSeconds: 19,
      throttleBytesPerSec: 50 * MiB,
    });
  });

  it('computes the per-broker before/after table over the whole cluster', () => {
    const M = MiB;
    expect(r.brokers).toEqual([
      { brokerId: 1, rack: 'a', online: true, before: { replicas: 5, preferredLeaders: 3, bytes: 4 * 812 * M + 100 * M }, after: { replicas: 5, preferredLeaders: 2, bytes: 4 * 812 * M + 100 * M } },
      { brokerId: 2, rack: 'b', online: true, before: { replicas: 6, preferredLeaders: 2, bytes: 4 * 812 * M + 200 * M }, after: { replicas: 5, preferredLeaders: 2, bytes: 4 * 812 * M + 100 * M } },
      { brokerId: 3, rack: 'c', online: true, before: { replicas: 5, preferredLeaders: 1, bytes: 4 * 812 * M + 100 * M }, after: { replicas: 4, preferredLeaders: 1, bytes: 3 * 812 * M + 100 * M } },
      { brokerId: 4, rack: 'a', online: true, before: { replicas: 0, preferredLeaders: 0, bytes: 0 }, after: { replicas: 2, preferredLeaders: 1, bytes: 912 * M } },
    ]);
  });

  it('sets throttles per batch in Kafka format', () => {
    expect(r.batches[1].throttle).toEqual({
      brokers: [1, 2, 3, 4].map((brokerId) => ({
        brokerId,
        configs: { 'leader.replication.throttled.rate': '52428800', 'follower.replication.throttled.rate': '52428800' },
      })),
      topics: [
        {
          topic: 'orders.v1',
          configs: { 'leader.replication.throttled.replicas': '3:1,3:2,3:3', 'follower.replication.throttled.replicas': '3:4' },
        },
      ],
    });
    expect(r.batches[2].throttle?.topics).toEqual([
      { topic: 'payments', configs: { 'leader.replication.throttled.replicas': '1:2,1:3', 'follower.replication.throttled.replicas': '1:4' } },
    ]);
  });

  it('has no errors or warnings', () => {
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('lists every move once, sorted', () => {
    expect(reassignmentMoves(r).map((m) => `${m.topic}-${m.partition}`)).toEqual(['orders.v1-0', 'orders.v1-3', 'payments-1']);
  });
});

describe('planReassignment: options, warnings, errors', () => {
  it('uses the default maxMovesPerBroker of 5 and no byte limit', () => {
    const r = exampleReassignment({});
    expect(r.options).toEqual({ throttleBytesPerSec: null, maxMovesPerBroker: 5, maxBytesPerBatch: null, budgetBytes: null });
    expect(r.batches.map((b) => b.moves.length)).toEqual([1, 2]);
    expect(r.summary.etaSeconds).toBeNull();
    expect(r.batches[1].durationSeconds).toBeNull();
  });

  it('warns when the reassignment copies more than the budget, and not at the budget', () => {
    expect(exampleReassignment({ budgetBytes: 912 * MiB }).warnings).toEqual([]);
    expect(exampleReassignment({ budgetBytes: 500 * MiB }).warnings).toEqual([
      {
        code: 'reassignment-over-budget',
        message: 'the reassignment copies 912 MiB (956301312 bytes), more than the budget of 500 MiB (524288000 bytes)',
      },
    ]);
  });

  it('reports invalid options and falls back to the defaults', () => {
    const { options, errors } = resolveReassignmentOptions({ throttleBytesPerSec: 0, maxMovesPerBroker: 1.5, maxBytesPerBatch: -1, budgetBytes: 10 });
    expect(options).toEqual({ throttleBytesPerSec: null, maxMovesPerBroker: 5, maxBytesPerBatch: null, budgetBytes: 10 });
    expect(errors.map((e) => e.message)).toEqual([
      'throttleBytesPerSec must be an integer ≥ 1, got 0; using the default for this preview',
      'maxMovesPerBroker must be an integer ≥ 1, got 1.5; using the default for this preview',
      'maxBytesPerBatch must be an integer ≥ 1, got -1; using the default for this preview',
    ]);
  });

  it('reports a move onto an offline broker as an error and leaves it out of batches and tables', () => {
    const r = planReassignment({
      state: withOffline(exampleState(), [4]),
      moves: [...EXAMPLE_MOVES, { topic: 'payments', partition: 0, from: [1, 2], to: [1, 4], sizeBytes: 100 * MiB }],
      options: { throttleBytesPerSec: 50 * MiB },
    });
    expect(r.errors).toEqual([
      { code: 'move-to-offline-broker', topic: 'orders.v1', message: 'orders.v1-3: target [1,2,4] is not reachable: broker 4 is offline' },
      { code: 'move-to-offline-broker', topic: 'payments', message: 'payments-0: target [1,4] is not reachable: broker 4 is offline' },
      { code: 'move-to-offline-broker', topic: 'payments', message: 'payments-1: target [4,3] is not reachable: broker 4 is offline' },
    ]);
    expect(r.summary.partitionMoves).toBe(1);
    expect(r.batches.map((b) => b.kind)).toEqual(['instant']);
    expect(r.brokers.find((b) => b.brokerId === 4)).toMatchObject({ online: false, after: { replicas: 0 } });
  });

  it('is empty for no moves', () => {
    const r = planReassignment({ state: exampleState(), moves: [] });
    expect(r.batches).toEqual([]);
    expect(r.summary).toEqual({ partitionMoves: 0, leadershipOnlyMoves: 0, bytes: 0, batches: 0, etaSeconds: null, throttleBytesPerSec: null });
  });

  it('lists brokers that hold replicas but are not in the metadata as offline rows', () => {
    const state = new ClusterStateBuilder().brokers(2).topic('t', { assignment: [[1, 3]], defaults: false }).build();
    const r = planReassignment({ state, moves: [{ topic: 't', partition: 0, from: [1, 3], to: [1, 2], sizeBytes: 10 }] });
    expect(r.brokers.map((b) => [b.brokerId, b.online, b.before.replicas, b.after.replicas])).toEqual([
      [1, true, 1, 1],
      [2, true, 0, 1],
      [3, false, 1, 0],
    ]);
  });
});

describe('planReassignment: the before/after table', () => {
  it('counts a moved partition at the size its move states, on both sides, and finds partitions listed out of order', () => {
    const built = new ClusterStateBuilder().brokers(3).topic('t', { assignment: [[1, 2], [2, 3], [3, 1]], sizeBytes: 100, defaults: false }).build();
    // Partitions listed in reverse (as a state assembled by hand may have them).
    const state = { ...built, topics: { t: { ...built.topics.t, partitions: [...built.topics.t.partitions].reverse() } } };
    const r = planReassignment({ state, moves: [{ topic: 't', partition: 1, from: [2, 3], to: [2, 1], sizeBytes: 40 }] });
    // before: p0 [1,2] 100, p1 [2,3] 40 (the move's size), p2 [3,1] 100; after: p1 is [2,1].
    expect(r.brokers.map((b) => [b.brokerId, b.before.replicas, b.before.bytes, b.after.replicas, b.after.bytes, b.after.preferredLeaders])).toEqual([
      [1, 2, 200, 3, 240, 1],
      [2, 2, 140, 2, 140, 1],
      [3, 2, 140, 1, 100, 1],
    ]);
  });
});

describe('planReassignment: purity and determinism', () => {
  it('gives a deep-equal result for the moves in any order, and does not mutate its input', () => {
    const state = exampleState();
    const moves: PartitionMove[] = EXAMPLE_MOVES.map((m) => ({ ...m, from: [...m.from], to: [...m.to] }));
    const snapshot = JSON.stringify({ state, moves });
    const options = { throttleBytesPerSec: 10 * MiB, maxMovesPerBroker: 2 };
    const a = planReassignment({ state, moves, options });
    const b = planReassignment({ state, moves: [...moves].reverse(), options });
    expect(b).toEqual(a);
    expect(JSON.stringify({ state, moves })).toBe(snapshot);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a); // plain, serialisable data
  });
});
