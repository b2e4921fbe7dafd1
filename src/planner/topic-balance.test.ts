import { describe, expect, it } from 'vitest';
import { mendTopicBalance, topicOutOfBalance, topicReceivers } from './topic-balance.js';

const RACKS = ['a', 'b', 'c'];
const six = topicReceivers([1, 2, 3, 4, 5, 6].map((id) => ({ id, rack: RACKS[(id - 1) % 3] })));

function counts(lists: readonly (readonly number[])[], leadersOnly = false): number[] {
  const out = [0, 0, 0, 0, 0, 0];
  for (const list of lists) for (const id of leadersOnly ? list.slice(0, 1) : list) out[id - 1]++;
  return out;
}

const spread = (values: number[]): number => Math.max(...values) - Math.min(...values);

describe('topicOutOfBalance', () => {
  it.each([
    ['balanced', [[1, 2, 3], [4, 5, 6]], false],
    ['one partition on half the brokers', [[1, 2, 3]], false],
    ['replicas piled on brokers 1–3', [[1, 2, 3], [1, 2, 3], [2, 3, 1]], true],
    ['replicas even (2 each), two leaders on broker 1 and none on 3', [[1, 2, 3], [1, 4, 5], [2, 3, 6], [4, 5, 6]], true],
    ['a replica on a broker that is not a receiver (offline, excluded): not judged', [[1, 2, 9], [1, 2, 3], [1, 2, 3]], false],
  ])('%s → %s', (_label, lists, expected) => {
    expect(topicOutOfBalance(lists, six)).toBe(expected);
  });
});

describe('mendTopicBalance', () => {
  it('spreads a topic piled on three of six brokers with the fewest moves, rack rule kept', () => {
    const lists = [[1, 2, 3], [2, 3, 1], [3, 1, 2]];
    const mended = mendTopicBalance('t', lists, [0, 0, 0], six, true)!;
    expect(spread(counts(mended))).toBeLessThanOrEqual(1);
    expect(spread(counts(mended, true))).toBeLessThanOrEqual(1);
    // 9 replicas over 6 brokers: brokers 1–3 keep 2 each, so 3 replicas move, one per partition.
    const moved = mended.flatMap((list, p) => list.filter((id) => !lists[p].includes(id)));
    expect(moved).toHaveLength(3);
    for (const list of mended) expect(new Set(list.map((id) => RACKS[(id - 1) % 3])).size).toBe(3);
    expect(topicOutOfBalance(mended, six)).toBe(false);
  });

  it('returns null for a balanced topic', () => {
    expect(mendTopicBalance('t', [[1, 2, 3], [4, 5, 6]], [], six, true)).toBeNull();
    expect(mendTopicBalance('t', [], [], six, true)).toBeNull();
  });

  it('moves the smaller partitions when there is a choice', () => {
    // Broker 1 holds 4 of the 8 replicas (2 per broker over 1–4): two of them leave it, those of the two smallest
    // partitions (10 and 30 bytes).
    const four = topicReceivers([1, 2, 3, 4].map((id) => ({ id, rack: null })));
    const lists = [[1, 2], [1, 3], [1, 4], [1, 2]];
    const mended = mendTopicBalance('t', lists, [50, 40, 10, 30], four, false)!;
    const moved = mended.map((list, p) => (list.some((id) => !lists[p].includes(id)) ? p : -1)).filter((p) => p >= 0);
    expect(moved).toEqual([2, 3]);
    expect(topicOutOfBalance(mended, four)).toBe(false);
  });
});
