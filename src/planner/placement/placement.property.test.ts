/**
 * Property tests: random clusters and current assignments through `balanced` and `rack-aware`, checking
 * validity, the rack rule, ±1 balance, minimal movement (against a computed lower bound, and against brute
 * force on tiny inputs), stability (a result fed back in comes back unchanged) and determinism.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLACEMENT_STRATEGIES } from './index.js';
import { balancedMoveLowerBound, checkAssignment, countMoves, spread } from './invariants.js';
import type { PlacementBroker, PlacementInput, PlacementStrategy } from './types.js';

const RACKS = ['a', 'b', 'c', 'd'];

interface Scenario {
  readonly input: PlacementInput;
  readonly rackCount: number;
}

function scenario(maxBrokers: number, maxPartitions: number): fc.Arbitrary<Scenario> {
  return fc
    .record({
      ids: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: maxBrokers }),
      rackCount: fc.integer({ min: 0, max: 4 }),
      partitions: fc.integer({ min: 1, max: maxPartitions }),
      rfSeed: fc.nat(),
      currentPartitionsSeed: fc.nat(),
      current: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 4 }), { maxLength: maxPartitions }),
      sizes: fc.option(fc.array(fc.nat({ max: 1000 }), { minLength: maxPartitions, maxLength: maxPartitions }), { nil: undefined }),
      topic: fc.constantFrom('orders', 'payments.v1', 't', 'audit-log'),
    })
    .map(({ ids, rackCount, partitions, rfSeed, currentPartitionsSeed, current, sizes, topic }) => {
      const brokers: PlacementBroker[] = ids.map((id, i) => ({ id, rack: rackCount === 0 ? null : RACKS[i % rackCount] }));
      const replicationFactor = 1 + (rfSeed % ids.length);
      const currentPartitions = Math.min(current.length, currentPartitionsSeed % (partitions + 1));
      const input: PlacementInput = {
        topic,
        partitions,
        replicationFactor,
        current: current.slice(0, currentPartitions),
        brokers,
        ...(sizes ? { partitionSizes: sizes.slice(0, partitions) } : {}),
      };
      return { input, rackCount };
    });
}

function run(strategy: PlacementStrategy, input: PlacementInput): number[][] {
  const result = strategy.assign(input);
  if (!result.ok) throw new Error(`${strategy.name} failed: ${result.message}`);
  return result.assignment;
}

const noRfDecrease = (input: PlacementInput): boolean => input.current.every((r) => r.length <= input.replicationFactor);
const equalRacks = ({ input, rackCount }: Scenario): boolean => rackCount === 0 || input.brokers.length % rackCount === 0;

describe('balanced (properties)', () => {
  const strategy = PLACEMENT_STRATEGIES.balanced;
  it('is valid, balanced ±1 (replicas and leaders) and moves no more than the lower bound', () => {
    fc.assert(
      fc.property(scenario(8, 12), ({ input }) => {
        const got = run(strategy, input);
        const check = checkAssignment(input, got);
        expect(check.problems).toEqual([]);
        expect(spread(check.replicaCounts)).toBeLessThanOrEqual(1);
        expect(spread(check.leaderCounts)).toBeLessThanOrEqual(1);
        if (noRfDecrease(input)) expect(countMoves(input.current, got)).toBeLessThanOrEqual(balancedMoveLowerBound(input));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a result it produced unchanged, and does not depend on broker order', () => {
    fc.assert(
      fc.property(scenario(8, 12), ({ input }) => {
        const got = run(strategy, input);
        expect(run(strategy, { ...input, current: got })).toEqual(got);
        expect(run(strategy, { ...input, brokers: [...input.brokers].reverse() })).toEqual(got);
        expect(run(strategy, input)).toEqual(got);
      }),
      { numRuns: 200 },
    );
  });
});

describe('rack-aware (properties)', () => {
  const strategy = PLACEMENT_STRATEGIES['rack-aware'];
  it('is valid, obeys the rack rule, and is balanced ±1 when racks are the same size', () => {
    fc.assert(
      fc.property(scenario(8, 12), (s) => {
        const got = run(strategy, s.input);
        const check = checkAssignment(s.input, got, { rackRule: true });
        expect(check.problems).toEqual([]);
        expect(spread(check.leaderCounts)).toBeLessThanOrEqual(1);
        if (equalRacks(s)) expect(spread(check.replicaCounts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('returns a result it produced unchanged, and does not depend on broker order', () => {
    fc.assert(
      fc.property(scenario(8, 12), ({ input }) => {
        const got = run(strategy, input);
        expect(run(strategy, { ...input, current: got })).toEqual(got);
        expect(run(strategy, { ...input, brokers: [...input.brokers].reverse() })).toEqual(got);
      }),
      { numRuns: 200 },
    );
  });
});

/** Every k-subset of `items` (as arrays in input order). */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [head, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [head, ...s]), ...subsets(rest, k)];
}

/** Excess over the best balanced shares: 0 when counts are within ±1. */
function imbalance(counts: readonly number[], total: number): number {
  const sorted = [...counts].sort((a, b) => b - a);
  const floor = Math.floor(total / counts.length);
  return sorted.reduce((sum, c, i) => sum + Math.max(0, c - (i < total % counts.length ? floor + 1 : floor)), 0);
}

/** Lexicographic optimum (imbalance, moves) over every assignment of replica sets, by brute force. */
function bruteForceOptimum(input: PlacementInput, rackRule: boolean): [number, number] {
  const ids = input.brokers.map((b) => b.id);
  const rack = new Map(input.brokers.map((b) => [b.id, b.rack]));
  const rackTotal = new Set(input.brokers.map((b) => b.rack)).size;
  const candidates = subsets(ids, input.replicationFactor).filter(
    (set) => !rackRule || new Set(set.map((b) => rack.get(b))).size === Math.min(set.length, rackTotal),
  );
  let best: [number, number] = [Infinity, Infinity];
  const counts = new Map(ids.map((b) => [b, 0]));
  const total = input.partitions * input.replicationFactor;
  const walk = (p: number, moves: number): void => {
    if (p === input.partitions) {
      const score: [number, number] = [imbalance([...counts.values()], total), moves];
      if (score[0] < best[0] || (score[0] === best[0] && score[1] < best[1])) best = score;
      return;
    }
    for (const set of candidates) {
      const cur = input.current[p];
      const moved = cur ? set.filter((b) => !cur.includes(b)).length : 0;
      for (const b of set) counts.set(b, counts.get(b)! + 1);
      walk(p + 1, moves + moved);
      for (const b of set) counts.set(b, counts.get(b)! - 1);
    }
  };
  walk(0, 0);
  return best;
}

describe('minimal movement against brute force (tiny clusters)', () => {
  for (const [name, rackRule] of [['balanced', false], ['rack-aware', true]] as const) {
    it(`${name} reaches the optimum (imbalance first, then moves)`, () => {
      fc.assert(
        fc.property(scenario(4, 3), ({ input }) => {
          const got = run(PLACEMENT_STRATEGIES[name], input);
          const check = checkAssignment(input, got, { rackRule });
          const total = input.partitions * input.replicationFactor;
          const score = [imbalance([...check.replicaCounts.values()], total), countMoves(input.current, got)];
          expect(score).toEqual(bruteForceOptimum(input, rackRule));
        }),
        { numRuns: 150 },
      );
    });
  }
});
