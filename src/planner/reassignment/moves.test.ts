import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../model/cluster-state.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { analyseMoves } from './moves.js';
import { withOffline } from './testing.js';
import type { PartitionMove } from './types.js';

function state(): ClusterState {
  // Brokers 1-4 online; broker 5 holds replicas but is not in the metadata (offline).
  return new ClusterStateBuilder()
    .brokers(4)
    .topic('t', { assignment: [[1, 2, 3], [2, 3, 5], [3, 1, 2]], defaults: false })
    .build();
}

const move = (partition: number, from: number[], to: number[], sizeBytes = 100): PartitionMove => ({
  topic: 't',
  partition,
  from,
  to,
  sizeBytes,
});

describe('analyseMoves: classification', () => {
  it('computes added, removed, bytes copied, leader change and kind', () => {
    const { moves, errors } = analyseMoves(
      [move(0, [1, 2, 3], [4, 2, 1], 100), move(2, [3, 1, 2], [1, 3, 2], 7), move(1, [2, 3, 5], [2, 3], 9)],
      state(),
    );
    expect(errors).toEqual([]);
    expect(moves).toEqual([
      {
        topic: 't', partition: 0, from: [1, 2, 3], to: [4, 2, 1], kind: 'copy',
        added: [4], removed: [3], sizeBytes: 100, bytesCopied: 100, leaderChange: true, sourceBroker: 1,
      },
      {
        topic: 't', partition: 1, from: [2, 3, 5], to: [2, 3], kind: 'shrink-only',
        added: [], removed: [5], sizeBytes: 9, bytesCopied: 0, leaderChange: false, sourceBroker: 2,
      },
      {
        topic: 't', partition: 2, from: [3, 1, 2], to: [1, 3, 2], kind: 'leadership-only',
        added: [], removed: [], sizeBytes: 7, bytesCopied: 0, leaderChange: true, sourceBroker: 3,
      },
    ]);
  });

  it('counts bytes once per added replica', () => {
    const s = new ClusterStateBuilder().brokers(5).topic('t', { assignment: [[1]], defaults: false }).build();
    const { moves } = analyseMoves([move(0, [1], [1, 2, 3], 50)], s);
    expect(moves[0].bytesCopied).toBe(100);
    expect(moves[0].added).toEqual([2, 3]);
  });

  it('takes the sending broker from the current leader, not the preferred one', () => {
    const base = state();
    const t = base.topics.t;
    const withLeader: ClusterState = {
      ...base,
      topics: { t: { ...t, partitions: t.partitions.map((p) => (p.partition === 0 ? { ...p, leader: 3 } : p)) } },
    };
    expect(analyseMoves([move(0, [1, 2, 3], [1, 2, 4])], withLeader).moves[0].sourceBroker).toBe(3);
  });

  it('drops a move whose target equals its current list', () => {
    expect(analyseMoves([move(0, [1, 2, 3], [1, 2, 3])], state())).toEqual({ moves: [], errors: [] });
  });

  it('does not depend on input order', () => {
    const input = [move(2, [3, 1, 2], [4, 1, 2]), move(0, [1, 2, 3], [1, 2, 4])];
    expect(analyseMoves(input, state())).toEqual(analyseMoves([...input].reverse(), state()));
  });
});

describe('analyseMoves: errors', () => {
  it.each<[string, PartitionMove, string, string]>([
    ['unknown broker', move(0, [1, 2, 3], [1, 2, 9]), 'move-to-offline-broker', 't-0: Unknown broker id 9'],
    [
      'broker absent from the metadata',
      move(0, [1, 2, 3], [1, 2, 5]),
      'move-to-offline-broker',
      't-0: target [1,2,5] is not reachable: broker 5 is offline',
    ],
    [
      'duplicate brokers',
      move(0, [1, 2, 3], [1, 2, 2]),
      'duplicate-broker-in-target',
      'Partition replica lists may not contain duplicate entries: t-0 contains multiple entries for 2',
    ],
    ['empty target', move(0, [1, 2, 3], []), 'empty-target', 't-0: Partition replica list cannot be empty'],
    ['unknown partition', move(7, [1, 2, 3], [1, 2, 4]), 'unknown-partition', 'Unable to find partition: t-7'],
    [
      'stale source',
      move(0, [1, 2, 4], [1, 2, 3]),
      'stale-move-source',
      't-0: the move starts from [1,2,4] but the cluster has [1,2,3]',
    ],
    ['negative size', move(0, [1, 2, 3], [1, 2, 4], -1), 'invalid-move', 't-0: size -1 is not a non-negative integer'],
    ['fractional partition', move(0.5, [1], [2]), 'invalid-move', 'partition number 0.5 is not a non-negative integer'],
  ])('%s', (_name, m, code, message) => {
    expect(analyseMoves([m], state())).toEqual({ moves: [], errors: [{ code, topic: 't', message }] });
  });

  it('reports a broker marked online: false', () => {
    const { moves, errors } = analyseMoves([move(0, [1, 2, 3], [1, 2, 4])], withOffline(state(), [4]));
    expect(moves).toEqual([]);
    expect(errors).toEqual([
      { code: 'move-to-offline-broker', topic: 't', message: 't-0: target [1,2,4] is not reachable: broker 4 is offline' },
    ]);
  });

  it('refuses both moves of a partition moved twice, and keeps the other moves', () => {
    const { moves, errors } = analyseMoves(
      [move(0, [1, 2, 3], [1, 2, 4]), move(0, [1, 2, 3], [4, 2, 3]), move(2, [3, 1, 2], [4, 1, 2])],
      state(),
    );
    expect(moves.map((m) => m.partition)).toEqual([2]);
    expect(errors).toEqual([
      { code: 'duplicate-partition-move', topic: 't', message: 'Partition reassignment contains duplicate topic partitions: t-0' },
    ]);
  });

  it('allows keeping a replica on an offline broker only when the target does not include it', () => {
    // Partition 1 sits on offline broker 5: moving it off 5 is fine, keeping 5 in the target is not.
    expect(analyseMoves([move(1, [2, 3, 5], [2, 3, 4])], state()).errors).toEqual([]);
    expect(analyseMoves([move(1, [2, 3, 5], [5, 3, 2])], state()).errors.map((e) => e.code)).toEqual(['move-to-offline-broker']);
  });
});
