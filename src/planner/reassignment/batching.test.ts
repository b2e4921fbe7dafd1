import { describe, expect, it } from 'vitest';
import { batchDuration, batchTraffic, buildBatches, packCopyMoves } from './batching.js';
import { plannedMove } from './testing.js';
import type { PlannedMove, ResolvedReassignmentOptions } from './types.js';

const limits = (over: Partial<ResolvedReassignmentOptions> = {}): ResolvedReassignmentOptions => ({
  throttleBytesPerSec: null,
  maxMovesPerBroker: 1000,
  maxBytesPerBatch: null,
  budgetBytes: null,
  ...over,
});

/** Partition numbers per batch, for compact expectations. */
const shape = (groups: readonly (readonly PlannedMove[])[]): number[][] => groups.map((g) => g.map((m) => m.partition));

/** Move of partition p from [src] to [dst], of `size` bytes, each on its own brokers unless given. */
const copy = (p: number, src: number, dst: number, size: number): PlannedMove => plannedMove('t', p, [src], [dst], size);

describe('packCopyMoves: limits', () => {
  it.each<[string, PlannedMove[], Partial<ResolvedReassignmentOptions>, number[][]]>([
    [
      'maxMovesPerBroker on the sending leader',
      [copy(0, 1, 10, 5), copy(1, 1, 11, 5), copy(2, 1, 12, 5), copy(3, 1, 13, 5), copy(4, 1, 14, 5)],
      { maxMovesPerBroker: 2 },
      [[0, 1], [2, 3], [4]],
    ],
    [
      'maxMovesPerBroker on a destination',
      [copy(0, 1, 9, 5), copy(1, 2, 9, 5), copy(2, 3, 9, 5)],
      { maxMovesPerBroker: 1 },
      [[0], [1], [2]],
    ],
    [
      'removed replicas and kept followers do not count',
      [plannedMove('t', 0, [1, 2, 3], [1, 2, 4], 5), plannedMove('t', 1, [5, 2, 3], [5, 2, 6], 5)],
      { maxMovesPerBroker: 1 },
      [[0, 1]],
    ],
    [
      'maxBytesPerBatch, first-fit decreasing',
      [copy(0, 1, 11, 60), copy(1, 2, 12, 50), copy(2, 3, 13, 40), copy(3, 4, 14, 30), copy(4, 5, 15, 20)],
      { maxBytesPerBatch: 100 },
      [[0, 2], [1, 3, 4]],
    ],
    [
      'a move larger than maxBytesPerBatch gets a batch of its own',
      [copy(0, 1, 11, 250), copy(1, 2, 12, 10), copy(2, 3, 13, 0)],
      { maxBytesPerBatch: 100 },
      [[0], [1, 2]],
    ],
    [
      'both limits together',
      [copy(0, 1, 11, 40), copy(1, 1, 12, 40), copy(2, 2, 13, 40), copy(3, 2, 14, 10)],
      { maxBytesPerBatch: 100, maxMovesPerBroker: 1 },
      [[0, 2], [1, 3]],
    ],
    ['no limits: one batch', [copy(0, 1, 11, 1), copy(1, 1, 11, 2), copy(2, 1, 11, 3)], {}, [[0, 1, 2]]],
  ])('%s', (_name, moves, over, expected) => {
    expect(shape(packCopyMoves(moves, limits(over)))).toEqual(expected);
  });

  it('ties on size are broken by topic, then partition (input order does not matter)', () => {
    const moves = [copy(2, 1, 12, 5), copy(0, 1, 10, 5), plannedMove('a', 9, [1], [19], 5), copy(1, 1, 11, 5)];
    const got = packCopyMoves(moves, limits({ maxMovesPerBroker: 2 }));
    expect(got.map((g) => g.map((m) => `${m.topic}-${m.partition}`))).toEqual([['a-9', 't-0'], ['t-1', 't-2']]);
    expect(packCopyMoves([...moves].reverse(), limits({ maxMovesPerBroker: 2 }))).toEqual(got);
  });
});

describe('batchTraffic and batchDuration', () => {
  it('attributes bytes out to the sending leader and bytes in to each destination', () => {
    const moves = [
      plannedMove('t', 0, [1, 2], [1, 3, 4], 100), // leader 1 sends 200; 3 and 4 receive 100 each
      plannedMove('t', 1, [2, 1], [2, 3], 30), // leader 2 sends 30; 3 receives 30
      plannedMove('t', 2, [5, 1], [1, 6], 7, 1), // current leader 1 (not the preferred 5) sends 7 to 6
    ];
    expect(batchTraffic(moves)).toEqual([
      { brokerId: 1, moves: 2, bytesIn: 0, bytesOut: 207 },
      { brokerId: 2, moves: 1, bytesIn: 0, bytesOut: 30 },
      { brokerId: 3, moves: 2, bytesIn: 130, bytesOut: 0 },
      { brokerId: 4, moves: 1, bytesIn: 100, bytesOut: 0 },
      { brokerId: 6, moves: 1, bytesIn: 7, bytesOut: 0 },
    ]);
  });

  it.each<[string, number, number, number | null]>([
    ['exact', 200, 100, 2],
    ['rounds up', 201, 100, 3],
    ['nothing to copy', 0, 100, 0],
    ['unthrottled', 200, Number.NaN, null],
  ])('duration: %s', (_name, busiest, throttle, expected) => {
    const traffic = [
      { brokerId: 1, moves: 1, bytesIn: 0, bytesOut: busiest },
      { brokerId: 2, moves: 1, bytesIn: busiest / 2, bytesOut: 0 },
    ];
    expect(batchDuration(traffic, Number.isNaN(throttle) ? null : throttle)).toBe(expected);
  });

  it('a broker that both sends and receives is limited by the larger direction, not the sum', () => {
    const moves = [plannedMove('t', 0, [1], [2], 100), plannedMove('t', 1, [3], [1], 60)];
    expect(batchDuration(batchTraffic(moves), 10)).toBe(10);
  });
});

describe('buildBatches', () => {
  it('puts leadership-only and shrink-only moves in an instant first batch, without limits or throttles', () => {
    const moves = [
      plannedMove('t', 0, [1, 2], [2, 1], 100),
      plannedMove('t', 1, [1, 2], [1, 3], 100),
      plannedMove('t', 2, [1, 2, 3], [1, 2], 100),
      plannedMove('t', 3, [1, 3], [3, 1], 100),
    ];
    const batches = buildBatches(moves, limits({ maxMovesPerBroker: 1, throttleBytesPerSec: 10 }));
    expect(batches.map((b) => [b.index, b.kind, b.moves.map((m) => m.partition), b.bytes, b.durationSeconds])).toEqual([
      [1, 'instant', [0, 2, 3], 0, 0],
      [2, 'copy', [1], 100, 10],
    ]);
    expect(batches[0].throttle).toBeNull();
    expect(batches[0].traffic).toEqual([]);
    expect(batches[1].throttle?.topics).toEqual([
      { topic: 't', configs: { 'leader.replication.throttled.replicas': '1:1,1:2', 'follower.replication.throttled.replicas': '1:3' } },
    ]);
  });

  it('has no throttles and no durations when unthrottled', () => {
    const [batch] = buildBatches([plannedMove('t', 0, [1], [2], 5)], limits());
    expect(batch.throttle).toBeNull();
    expect(batch.durationSeconds).toBeNull();
  });

  it('is empty for no moves', () => {
    expect(buildBatches([], limits())).toEqual([]);
  });
});
