import { describe, expect, it } from 'vitest';
import { balanceCluster, clusterBalanceStats, type BalanceBroker, type BalanceInput, type BalanceTopic } from './index.js';

const brokers = (ids: number[], racks?: string[]): BalanceBroker[] => ids.map((id, i) => ({ id, rack: racks ? racks[i] : null }));

function topic(name: string, replicas: number[][], extra: Partial<BalanceTopic> = {}): BalanceTopic {
  return { name, replicas, movablePartitions: replicas.length, rackRule: false, ...extra };
}

function final(input: BalanceInput, name: string): number[][] {
  const result = balanceCluster(input);
  return (result.assignments.get(name) ?? input.topics.find((t) => t.name === name)!.replicas).map((r) => [...r]);
}

function statsAfter(input: BalanceInput) {
  const result = balanceCluster(input);
  const topics = input.topics.map((t) => ({ ...t, replicas: result.assignments.get(t.name) ?? t.replicas }));
  return { result, stats: clusterBalanceStats(input.brokers, input.excluded, topics) };
}

describe('balanceCluster: rebalance', () => {
  it('changes nothing on a balanced cluster', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3]),
      excluded: [],
      rebalance: true,
      topics: [topic('t', [[1, 2], [2, 3], [3, 1]])],
    };
    const result = balanceCluster(input);
    expect(result.assignments.size).toBe(0);
    expect([result.replicaMoves, result.replicaLowerBound, result.leaderChanges]).toEqual([0, 0, 0]);
  });

  it('fills a new broker with exactly the surplus, smallest partitions first, keeping each slot', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3, 4]),
      excluded: [],
      rebalance: true,
      topics: [topic('t', [[1, 2], [2, 3], [3, 1], [1, 2], [2, 3], [3, 1]], { sizes: [60, 50, 40, 10, 20, 30] })],
    };
    const { result, stats } = statsAfter(input);
    // 12 replicas over 4 brokers = 3 each: brokers 1, 2, 3 give one each (their smallest partitions: 3, 4, 5).
    expect(result.replicaLowerBound).toBe(3);
    expect(result.replicaMoves).toBe(3);
    expect(stats.replicaSpread).toBe(0);
    expect(stats.leaderSpread).toBeLessThanOrEqual(1);
    const lists = final(input, 't');
    const moved = lists.map((l, p) => l.some((id) => !input.topics[0].replicas[p].includes(id)));
    expect(moved).toEqual([false, false, false, true, true, true]);
  });

  it('fixes preferred-leader imbalance by reordering only (no replica moves)', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3]),
      excluded: [],
      rebalance: true,
      topics: [topic('t', [[1, 2], [1, 3], [1, 2], [2, 3], [3, 1], [2, 3]])],
    };
    const { result, stats } = statsAfter(input);
    expect(result.replicaMoves).toBe(0);
    expect(result.leaderLowerBound).toBe(1);
    expect(result.leaderChanges).toBe(1);
    expect(stats.leaderSpread).toBe(0);
    const lists = final(input, 't');
    lists.forEach((l, p) => expect([...l].sort()).toEqual([...input.topics[0].replicas[p]].sort()));
  });

  it('keeps the rack rule: a move never puts two replicas of a partition in one rack', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3, 4, 5, 6], ['a', 'b', 'c', 'a', 'b', 'c']),
      excluded: [],
      rebalance: true,
      topics: [topic('t', [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]], { rackRule: true })],
    };
    const { result, stats } = statsAfter(input);
    expect(stats.rackViolations).toBe(0);
    expect(stats.replicaSpread).toBe(0);
    expect(result.replicaMoves).toBe(result.replicaLowerBound);
    for (const list of final(input, 't')) expect(new Set(list.map((id) => (id - 1) % 3)).size).toBe(3);
  });

  it('moves a topic only within its eligible brokers', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3, 4]),
      excluded: [],
      rebalance: true,
      topics: [topic('pinned', [[1], [1], [2], [2]], { eligible: [1, 2] }), topic('free', [[1], [2]])],
    };
    for (const list of final(input, 'pinned')) expect([1, 2]).toContain(list[0]);
    const { stats } = statsAfter(input);
    expect(stats.replicaSpread).toBeLessThanOrEqual(1);
  });

  it('never moves fixed partitions but counts them', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3]),
      excluded: [],
      rebalance: true,
      topics: [topic('fixed', [[1], [1], [1]], { movablePartitions: 0 }), topic('free', [[1], [1], [2]])],
    };
    const { result, stats } = statsAfter(input);
    expect(result.assignments.has('fixed')).toBe(false);
    // shares 2/2/2: broker 1 gives both free replicas away but keeps its 3 fixed ones, so it stays above its share
    expect(final(input, 'free').map((l) => l[0]).sort()).toEqual([2, 2, 3]);
    expect(result.overloaded).toEqual([1]);
    expect(stats.replicaSpread).toBe(2);
  });

  it('never moves onto an offline broker', () => {
    const input: BalanceInput = {
      brokers: [{ id: 1, rack: null }, { id: 2, rack: null }, { id: 3, rack: null, online: false }],
      excluded: [],
      rebalance: true,
      topics: [topic('t', [[1], [1], [1], [1]])],
    };
    expect(final(input, 't').flat()).not.toContain(3);
    expect(final(input, 't').flat().sort()).toEqual([1, 1, 2, 2]);
  });
});

describe('balanceCluster: decommission', () => {
  it('moves every replica off the excluded brokers exactly once, and nothing else', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3, 4]),
      excluded: [4],
      rebalance: false,
      topics: [topic('t', [[1, 2], [2, 3], [3, 4], [4, 1]]), topic('u', [[4, 2], [1, 3]])],
    };
    const result = balanceCluster(input);
    expect(result.replicaLowerBound).toBe(3);
    expect(result.replicaMoves).toBe(3);
    expect(result.notEmptied.size).toBe(0);
    for (const t of input.topics) {
      (result.assignments.get(t.name) ?? t.replicas).forEach((list, p) => {
        expect(list).not.toContain(4);
        const kept = t.replicas[p].filter((id) => id !== 4);
        for (const id of kept) expect(list).toContain(id);
      });
    }
  });

  it('reports excluded brokers that keep replicas of fixed topics', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3]),
      excluded: [3],
      rebalance: false,
      topics: [topic('__consumer_offsets', [[3, 1]], { movablePartitions: 0 }), topic('t', [[3, 2]])],
    };
    const result = balanceCluster(input);
    expect([...result.notEmptied]).toEqual([[3, ['__consumer_offsets']]]);
    expect(final(input, 't')).toEqual([[1, 2]]);
  });

  it('empties an excluded broker even when that pushes a receiver above its share', () => {
    // broker 2 already holds the partition; broker 1 is at its share: the replica still has to go to 1.
    const input: BalanceInput = {
      brokers: brokers([0, 1, 2]),
      excluded: [0],
      rebalance: false,
      topics: [topic('t0', [[0, 2]]), topic('t1', [[1], [1]])],
    };
    const result = balanceCluster(input);
    expect(result.notEmptied.size).toBe(0);
    expect(result.replicaMoves).toBe(1);
    // 1 takes the replica; as the partition moves anyway, its preferred leader goes to 2 (1 leads t1 already)
    expect(final(input, 't0')).toEqual([[2, 1]]);
  });

  it('decommissions and rebalances together', () => {
    const input: BalanceInput = {
      brokers: brokers([1, 2, 3, 4, 5]),
      excluded: [5],
      rebalance: true,
      topics: [topic('t', [[1, 2], [1, 3], [1, 4], [5, 2], [5, 3], [1, 5]])],
    };
    const { result, stats } = statsAfter(input);
    expect(stats.onExcluded).toBe(0);
    expect(stats.replicaSpread).toBeLessThanOrEqual(1);
    expect(stats.leaderSpread).toBeLessThanOrEqual(1);
    expect(result.replicaMoves).toBe(result.replicaLowerBound);
  });
});

describe('clusterBalanceStats', () => {
  it('measures spreads per broker and per topic, and rack violations', () => {
    const stats = clusterBalanceStats(brokers([1, 2, 3], ['a', 'a', 'b']), [], [
      topic('t', [[1, 2], [1, 3]], { rackRule: true }),
      topic('u', [[3], [3]]),
    ]);
    expect(stats).toMatchObject({ activeBrokers: 3, replicaSpread: 2, leaderSpread: 2, rackViolations: 1, topics: 2, onExcluded: 0 });
    expect(stats.topicsReplicasWithinOne).toBe(1); // u: 0/0/2
    expect(stats.maxTopicReplicaSpread).toBe(2);
  });
});
