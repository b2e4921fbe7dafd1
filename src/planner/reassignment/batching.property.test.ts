/**
 * Property tests: random clusters, random moves and random limits through planReassignment, checking that
 * every move lands in exactly one batch, no batch breaks a limit (except a lone oversized move), traffic adds up,
 * ETA = sum of batch durations, throttles cover exactly the batch's moves, and the result ignores input order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../model/cluster-state.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { moveParticipants } from './batching.js';
import { planReassignment } from './plan-reassignment.js';
import type { PartitionMove, ReassignmentOptions } from './types.js';

interface Scenario {
  readonly state: ClusterState;
  readonly moves: PartitionMove[];
  readonly options: ReassignmentOptions;
}

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 8 }).chain((brokerCount) => {
  const ids = Array.from({ length: brokerCount }, (_, i) => i + 1);
  const partition = fc.record({
    current: fc.shuffledSubarray(ids, { minLength: 1, maxLength: Math.min(3, brokerCount) }),
    target: fc.option(fc.shuffledSubarray(ids, { minLength: 1, maxLength: Math.min(4, brokerCount) }), { nil: undefined }),
    size: fc.oneof(fc.constant(0), fc.nat({ max: 5_000_000_000 })),
  });
  return fc.record({
    topics: fc.array(fc.array(partition, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
    options: fc.record(
      {
        throttleBytesPerSec: fc.integer({ min: 1, max: 200_000_000 }),
        maxMovesPerBroker: fc.integer({ min: 1, max: 6 }),
        maxBytesPerBatch: fc.integer({ min: 1, max: 10_000_000_000 }),
        budgetBytes: fc.nat({ max: 50_000_000_000 }),
      },
      { requiredKeys: [] },
    ),
  }).map(({ topics, options }) => {
    const builder = new ClusterStateBuilder().brokers(brokerCount);
    const moves: PartitionMove[] = [];
    topics.forEach((partitions, t) => {
      const name = `topic-${t}`;
      builder.topic(name, { assignment: partitions.map((p) => p.current), defaults: false });
      partitions.forEach((p, i) => {
        if (p.target !== undefined) moves.push({ topic: name, partition: i, from: p.current, to: p.target, sizeBytes: p.size });
      });
    });
    return { state: builder.build(), moves, options };
  });
});

const key = (m: { topic: string; partition: number }): string => `${m.topic}-${m.partition}`;
const sameList = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

describe('planReassignment (properties)', () => {
  it('puts every move in exactly one batch and keeps every batch within its limits', () => {
    fc.assert(
      fc.property(scenario, ({ state, moves, options }) => {
        const r = planReassignment({ state, moves, options });
        expect(r.errors).toEqual([]);
        const expected = moves.filter((m) => !sameList(m.from, m.to)).map(key).sort();
        const got = r.batches.flatMap((b) => b.moves.map(key)).sort();
        expect(got).toEqual(expected);

        r.batches.forEach((batch, i) => {
          expect(batch.index).toBe(i + 1);
          if (batch.kind === 'instant') {
            expect(i).toBe(0);
            expect(batch.moves.every((m) => m.kind !== 'copy')).toBe(true);
            return;
          }
          expect(batch.moves.every((m) => m.kind === 'copy')).toBe(true);
          const perBroker = new Map<number, number>();
          for (const m of batch.moves) for (const id of moveParticipants(m)) perBroker.set(id, (perBroker.get(id) ?? 0) + 1);
          for (const count of perBroker.values()) expect(count).toBeLessThanOrEqual(r.options.maxMovesPerBroker);
          if (r.options.maxBytesPerBatch !== null && batch.bytes > r.options.maxBytesPerBatch) {
            expect(batch.moves).toHaveLength(1);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('adds traffic up, makes ETA the sum of batch durations, and throttles exactly the batch', () => {
    fc.assert(
      fc.property(scenario, ({ state, moves, options }) => {
        const r = planReassignment({ state, moves, options });
        const throttle = r.options.throttleBytesPerSec;
        let sum = 0;
        for (const batch of r.batches) {
          const bytes = batch.moves.reduce((s, m) => s + m.bytesCopied, 0);
          expect(batch.bytes).toBe(bytes);
          expect(batch.traffic.reduce((s, t) => s + t.bytesIn, 0)).toBe(bytes);
          expect(batch.traffic.reduce((s, t) => s + t.bytesOut, 0)).toBe(bytes);
          if (throttle === null) {
            expect(batch.durationSeconds).toBe(batch.kind === 'instant' ? 0 : null);
            expect(batch.throttle).toBeNull();
            continue;
          }
          const busiest = Math.max(0, ...batch.traffic.map((t) => Math.max(t.bytesIn, t.bytesOut)));
          expect(batch.durationSeconds).toBe(Math.ceil(busiest / throttle));
          sum += batch.durationSeconds ?? 0;
          if (batch.kind === 'copy') {
            const followers = (batch.throttle?.topics ?? []).flatMap((t) =>
              t.configs['follower.replication.throttled.replicas'].split(',').filter((s) => s !== ''),
            );
            expect(followers).toHaveLength(batch.moves.reduce((s, m) => s + m.added.length, 0));
            const involved = new Set(batch.moves.flatMap((m) => [...m.from, ...m.to]));
            expect(batch.throttle?.brokers.map((b) => b.brokerId)).toEqual([...involved].sort((a, b) => a - b));
          }
        }
        expect(r.summary.etaSeconds).toBe(throttle === null ? null : sum);
        expect(r.summary.bytes).toBe(r.batches.reduce((s, b) => s + b.bytes, 0));
        expect(r.warnings.length > 0).toBe(r.options.budgetBytes !== null && r.summary.bytes > r.options.budgetBytes);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps replica totals: after = before + added − removed', () => {
    fc.assert(
      fc.property(scenario, ({ state, moves, options }) => {
        const r = planReassignment({ state, moves, options });
        const delta = r.batches.flatMap((b) => b.moves).reduce((s, m) => s + m.to.length - m.from.length, 0);
        const before = r.brokers.reduce((s, b) => s + b.before.replicas, 0);
        const after = r.brokers.reduce((s, b) => s + b.after.replicas, 0);
        expect(after).toBe(before + delta);
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the moves', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ state, moves, options }, seed) => {
        const shuffled = [...moves].sort((a, b) => ((key(a).length * 31 + seed) % 7) - ((key(b).length * 17 + seed) % 5));
        expect(planReassignment({ state, moves: shuffled, options })).toEqual(planReassignment({ state, moves, options }));
      }),
      { numRuns: 150 },
    );
  });
});
