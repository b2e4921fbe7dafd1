/**
 * Table tests over replica matrices (topicctl style: current → expected), plus the invariant checker on every result.
 */
import { describe, expect, it } from 'vitest';
import { PLACEMENT_STRATEGIES, PLACEMENT_STRATEGY_NAMES, placementStrategy } from './index.js';
import { balancedMoveLowerBound, checkAssignment, countMoves, spread } from './invariants.js';
import { rackAlternatedOrder } from './rack-aware.js';
import type { PlacementBroker, PlacementInput, PlacementResult } from './types.js';

const brokers = (ids: number[], racks?: string[]): PlacementBroker[] => ids.map((id, i) => ({ id, rack: racks ? racks[i] : null }));

function assignment(result: PlacementResult): number[][] {
  if (!result.ok) throw new Error(`placement failed: ${result.message}`);
  return result.assignment;
}

interface Case {
  name: string;
  input: PlacementInput;
  expected: number[][];
}

describe('registry', () => {
  it('maps every YAML name to a strategy of that name', () => {
    for (const name of PLACEMENT_STRATEGY_NAMES) expect(placementStrategy(name)?.name).toBe(name);
    expect(Object.keys(PLACEMENT_STRATEGIES).sort()).toEqual([...PLACEMENT_STRATEGY_NAMES].sort());
    expect(placementStrategy('cross-rack')).toBeUndefined();
  });
});

describe('balanced', () => {
  const cases: Case[] = [
    {
      name: 'new topic: round-robin from the topic-derived start',
      input: { topic: 't', partitions: 3, replicationFactor: 2, current: [], brokers: brokers([1, 2, 3]) },
      expected: [[1, 2], [2, 3], [3, 1]],
    },
    {
      name: 'new topic whose partitions do not divide evenly',
      input: { topic: 'orders', partitions: 4, replicationFactor: 2, current: [], brokers: brokers([1, 2, 3]) },
      expected: [[3, 1], [1, 2], [2, 3], [3, 1]],
    },
    {
      name: 'balanced current is returned unchanged, whatever its order',
      input: { topic: 't', partitions: 3, replicationFactor: 2, current: [[2, 1], [3, 2], [1, 3]], brokers: brokers([1, 2, 3]) },
      expected: [[2, 1], [3, 2], [1, 3]],
    },
    {
      name: 'a new broker takes its share with the fewest moves',
      input: { topic: 't', partitions: 4, replicationFactor: 2, current: [[1, 2], [2, 3], [3, 1], [1, 2]], brokers: brokers([1, 2, 3, 4]) },
      expected: [[4, 1], [2, 3], [3, 4], [1, 2]],
    },
    {
      name: 'replicas on a broker that is no longer eligible move; the others stay',
      input: { topic: 't', partitions: 3, replicationFactor: 2, current: [[1, 2], [2, 3], [3, 1]], brokers: brokers([1, 2, 4]) },
      expected: [[1, 2], [2, 4], [4, 1]],
    },
    {
      name: 'RF increase adds one replica per partition on the least-loaded brokers',
      input: { topic: 't', partitions: 3, replicationFactor: 3, current: [[1, 2], [2, 3], [3, 1]], brokers: brokers([1, 2, 3, 4]) },
      expected: [[1, 2, 4], [2, 3, 1], [3, 1, 4]],
    },
    {
      name: 'RF decrease drops one replica per partition, keeping leaders and balance',
      input: {
        topic: 't',
        partitions: 4,
        replicationFactor: 2,
        current: [[1, 2, 3], [2, 3, 4], [3, 4, 1], [4, 1, 2]],
        brokers: brokers([1, 2, 3, 4]),
      },
      expected: [[1, 2], [2, 3], [3, 4], [4, 1]],
    },
    {
      name: 'added partitions go where the topic is lightest; existing ones stay',
      input: { topic: 't', partitions: 5, replicationFactor: 2, current: [[1, 2], [2, 3], [3, 1]], brokers: brokers([1, 2, 3]) },
      expected: [[1, 2], [2, 3], [3, 1], [1, 2], [2, 3]],
    },
    {
      name: 'a skewed topic is rebalanced with the fewest moves',
      input: { topic: 't', partitions: 3, replicationFactor: 2, current: [[1, 2], [1, 2], [1, 2]], brokers: brokers([1, 2, 3]) },
      expected: [[1, 2], [2, 3], [3, 1]],
    },
    {
      name: 'larger partitions stay put when smaller ones can move instead',
      input: {
        topic: 't',
        partitions: 2,
        replicationFactor: 1,
        current: [[1], [1]],
        brokers: brokers([1, 2]),
        partitionSizes: [5_000_000, 10],
      },
      expected: [[1], [2]],
    },
    {
      name: 'partition sizes decide which partition moves (the smaller one)',
      input: {
        topic: 't',
        partitions: 2,
        replicationFactor: 1,
        current: [[1], [1]],
        brokers: brokers([1, 2]),
        partitionSizes: [10, 5_000_000],
      },
      expected: [[2], [1]],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    const got = assignment(PLACEMENT_STRATEGIES.balanced.assign(input));
    expect(got).toEqual(expected);
    const check = checkAssignment(input, got);
    expect(check.problems).toEqual([]);
    expect(spread(check.replicaCounts)).toBeLessThanOrEqual(1);
    expect(spread(check.leaderCounts)).toBeLessThanOrEqual(1);
    if (input.current.every((r) => r.length <= input.replicationFactor)) {
      expect(countMoves(input.current, got)).toBe(balancedMoveLowerBound(input));
    }
  });

  it.each([
    [{ topic: 't', partitions: 1, replicationFactor: 4, current: [], brokers: brokers([1, 2, 3]) }, 'Replication factor: 4 larger than available brokers: 3.'],
    [{ topic: 't', partitions: 0, replicationFactor: 1, current: [], brokers: brokers([1]) }, 'Number of partitions must be larger than 0.'],
    [{ topic: 't', partitions: 1, replicationFactor: 1, current: [[1], [1]], brokers: brokers([1]) }, 'Kafka cannot remove partitions'],
  ])('refuses impossible input %#', (input, message) => {
    const result = PLACEMENT_STRATEGIES.balanced.assign(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('rack-aware', () => {
  const fourInTwoRacks = brokers([1, 2, 3, 4], ['a', 'a', 'b', 'b']);
  const cases: Case[] = [
    {
      name: 'new topic: replicas of a partition in different racks',
      input: { topic: 't', partitions: 4, replicationFactor: 2, current: [], brokers: fourInTwoRacks },
      expected: [[4, 1], [1, 3], [3, 2], [2, 4]],
    },
    {
      name: 'a current assignment that follows the rack rule is unchanged',
      input: { topic: 't', partitions: 2, replicationFactor: 2, current: [[1, 3], [4, 2]], brokers: fourInTwoRacks },
      expected: [[1, 3], [4, 2]],
    },
    {
      name: 'a partition with two replicas in one rack moves one of them, keeping its leader',
      input: { topic: 't', partitions: 2, replicationFactor: 2, current: [[1, 2], [3, 4]], brokers: fourInTwoRacks },
      expected: [[1, 4], [3, 2]],
    },
    {
      name: 'fewer racks than RF and racks of different sizes: every rack still holds a replica',
      input: { topic: 't', partitions: 2, replicationFactor: 3, current: [[1, 2, 3], [2, 3, 1]], brokers: brokers([1, 2, 3, 4], ['a', 'a', 'a', 'b']) },
      expected: [[1, 4, 3], [2, 4, 1]],
    },
    {
      name: 'fewer racks than RF: every rack holds a replica',
      input: { topic: 't', partitions: 2, replicationFactor: 3, current: [], brokers: fourInTwoRacks },
      expected: [[4, 1, 3], [1, 3, 2]],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    const got = assignment(PLACEMENT_STRATEGIES['rack-aware'].assign(input));
    expect(got).toEqual(expected);
    const check = checkAssignment(input, got, { rackRule: true });
    expect(check.problems).toEqual([]);
    expect(spread(check.replicaCounts)).toBeLessThanOrEqual(1);
    expect(spread(check.leaderCounts)).toBeLessThanOrEqual(1);
  });

  it('interleaves racks in its rotation order', () => {
    expect(rackAlternatedOrder(brokers([1, 2, 3, 4, 5, 6], ['b', 'a', 'b', 'a', 'c', 'c']))).toEqual([2, 1, 5, 4, 3, 6]);
  });

  it('refuses a cluster where only some brokers have racks, with Kafka\'s message', () => {
    const result = PLACEMENT_STRATEGIES['rack-aware'].assign({
      topic: 't',
      partitions: 1,
      replicationFactor: 1,
      current: [],
      brokers: [{ id: 1, rack: 'a' }, { id: 2, rack: null }],
    });
    expect(result).toEqual({ ok: false, message: 'Not all brokers have rack information for replica rack aware assignment.' });
  });

  it('without racks behaves like balanced', () => {
    const input: PlacementInput = { topic: 'orders', partitions: 7, replicationFactor: 2, current: [[1, 2], [1, 2]], brokers: brokers([1, 2, 3, 4]) };
    expect(PLACEMENT_STRATEGIES['rack-aware'].assign(input)).toEqual(PLACEMENT_STRATEGIES.balanced.assign(input));
  });

  it('stays as balanced as the rack rule allows when rack sizes differ', () => {
    // Rack a has one broker; with RF 2 over two racks, broker 1 must hold a replica of every partition.
    const input: PlacementInput = { topic: 't', partitions: 4, replicationFactor: 2, current: [], brokers: brokers([1, 2, 3, 4], ['a', 'b', 'b', 'b']) };
    const got = assignment(PLACEMENT_STRATEGIES['rack-aware'].assign(input));
    const check = checkAssignment(input, got, { rackRule: true });
    expect(check.problems).toEqual([]);
    expect(check.replicaCounts.get(1)).toBe(4);
    expect([2, 3, 4].map((b) => check.replicaCounts.get(b)).sort()).toEqual([1, 1, 2]);
  });
});

describe('static', () => {
  const input = (replicaAssignment?: number[][]): PlacementInput => ({
    topic: 't',
    partitions: 2,
    replicationFactor: 2,
    current: [[1, 2]],
    brokers: brokers([1, 2, 3]),
    replicaAssignment,
  });
  it('returns the YAML assignment as written', () => {
    expect(PLACEMENT_STRATEGIES.static.assign(input([[3, 1], [2, 3]]))).toEqual({ ok: true, assignment: [[3, 1], [2, 3]] });
  });
  it.each([
    [undefined, 'needs a replicaAssignment'],
    [[[1, 2]], 'lists 1 partitions but the topic has 2'],
    [[[1, 2], [3]], 'partition 1 has 1 replicas'],
    [[[1, 1], [2, 3]], 'more than once'],
    [[[1, 2], [2, 9]], 'not eligible: 9'],
  ])('refuses %j', (wanted, message) => {
    const result = PLACEMENT_STRATEGIES.static.assign(input(wanted));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});
