import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assignReplicas,
  PlacementError,
  rackAlternatedBrokerList,
  startIndexForNewPartitions,
  type PlacementBroker,
} from './placement.js';

const noRacks = (...ids: number[]): PlacementBroker[] => ids.map((id) => ({ id, rack: null }));
const withRacks = (m: Record<number, string>): PlacementBroker[] =>
  Object.entries(m).map(([id, rack]) => ({ id: Number(id), rack }));

/** Invariants every placement must satisfy (the checker the table tests and the property test share). */
function checkPlacement(brokers: readonly PlacementBroker[], result: number[][], partitions: number, rf: number): void {
  const ids = new Set(brokers.map((b) => b.id));
  const rackOf = new Map(brokers.map((b) => [b.id, b.rack ?? '']));
  const numRacks = new Set(rackOf.values()).size;
  expect(result).toHaveLength(partitions);
  for (const replicas of result) {
    expect(replicas).toHaveLength(rf);
    expect(new Set(replicas).size).toBe(rf);
    for (const r of replicas) expect(ids.has(r)).toBe(true);
    if (brokers.some((b) => b.rack !== null)) {
      expect(new Set(replicas.map((r) => rackOf.get(r))).size).toBe(Math.min(rf, numRacks));
    }
  }
}

describe('assignReplicas (Kafka AdminUtils tables)', () => {
  it('rack-unaware, 5 brokers, 10 partitions, RF 3, fixed start 0 (AdminTest.testReplicaAssignment)', () => {
    const result = assignReplicas(noRacks(0, 1, 2, 3, 4), 10, 3, { startIndex: 0 });
    expect(result).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
  });

  it('rack-aware, 6 brokers on 3 racks, 7 partitions, RF 3 (AdminRackAwareTest)', () => {
    const brokers = withRacks({ 0: 'rack1', 1: 'rack3', 2: 'rack3', 3: 'rack2', 4: 'rack2', 5: 'rack1' });
    expect(rackAlternatedBrokerList(brokers).map((b) => b.id)).toEqual([0, 3, 1, 5, 4, 2]);
    expect(rackAlternatedBrokerList(brokers.filter((b) => b.id !== 5)).map((b) => b.id)).toEqual([0, 3, 1, 4, 2]);
    const result = assignReplicas(brokers, 7, 3, { startIndex: 0, startPartitionId: 0 });
    expect(result).toEqual([
      [0, 3, 1],
      [3, 1, 5],
      [1, 5, 4],
      [5, 4, 2],
      [4, 2, 0],
      [2, 0, 3],
      [0, 4, 2],
    ]);
    checkPlacement(brokers, result, 7, 3);
  });

  it('3 brokers, RF 3: every broker holds every partition, leaders rotate', () => {
    const result = assignReplicas(noRacks(1, 2, 3), 3, 3, { startIndex: 0 });
    expect(result).toEqual([
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ]);
  });

  it('single broker', () => {
    expect(assignReplicas(noRacks(1), 3, 1, { startIndex: 0 })).toEqual([[1], [1], [1]]);
  });

  it('spreads leaders evenly and keeps replicas off a shared rack where racks allow', () => {
    const brokers = withRacks({ 1: 'a', 2: 'a', 3: 'b', 4: 'b', 5: 'c', 6: 'c' });
    const result = assignReplicas(brokers, 12, 3, { startIndex: 2 });
    checkPlacement(brokers, result, 12, 3);
    const leaders = new Map<number, number>();
    for (const r of result) leaders.set(r[0], (leaders.get(r[0]) ?? 0) + 1);
    expect([...leaders.values()]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('with fewer racks than replicas, uses every rack then fills with other brokers', () => {
    const brokers = withRacks({ 1: 'a', 2: 'a', 3: 'b' });
    const result = assignReplicas(brokers, 6, 3, { startIndex: 0 });
    checkPlacement(brokers, result, 6, 3);
  });

  it('continues the pattern when partitions are added (startPartitionId)', () => {
    const brokers = noRacks(1, 2, 3);
    const all = assignReplicas(brokers, 6, 2, { startIndex: 0 });
    const first = assignReplicas(brokers, 3, 2, { startIndex: 0 });
    const added = assignReplicas(brokers, 3, 2, { startIndex: startIndexForNewPartitions(brokers, first[0]), startPartitionId: 3 });
    expect([...first, ...added]).toEqual(all);
  });

  it('draws start index and shift from the injected rng', () => {
    const brokers = noRacks(1, 2, 3, 4);
    const a = assignReplicas(brokers, 8, 2, { rng: () => 0.5 });
    const b = assignReplicas(brokers, 8, 2, { rng: () => 0.5 });
    expect(a).toEqual(b);
    expect(a[0][0]).toBe(3); // floor(0.5 * 4) = index 2 → broker 3
  });

  it('refuses impossible requests with the Kafka error kind and message', () => {
    const brokers = noRacks(1, 2);
    expect(() => assignReplicas(brokers, 1, 3)).toThrow(
      new PlacementError(
        'INVALID_REPLICATION_FACTOR',
        'The target replication factor of 3 cannot be reached because only 2 broker(s) are registered.',
      ),
    );
    try {
      assignReplicas(brokers, 0, 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlacementError);
      expect((e as PlacementError).kind).toBe('INVALID_PARTITIONS');
    }
    expect(() => assignReplicas(brokers, 1, 0)).toThrow(PlacementError);
  });
});

describe('assignReplicas (property)', () => {
  it('always yields valid, rack-spread replica lists', () => {
    const cluster = fc
      .record({
        size: fc.integer({ min: 1, max: 9 }),
        racks: fc.integer({ min: 0, max: 4 }),
        partitions: fc.integer({ min: 1, max: 40 }),
        rfSeed: fc.nat(),
        seed: fc.double({ min: 0, max: 0.999, noNaN: true }),
      })
      .map(({ size, racks, partitions, rfSeed, seed }) => {
        const brokers: PlacementBroker[] = Array.from({ length: size }, (_, i) => ({
          id: i * 2 + 1,
          rack: racks === 0 ? null : `r${i % racks}`,
        }));
        return { brokers, partitions, rf: 1 + (rfSeed % size), seed };
      });
    fc.assert(
      fc.property(cluster, ({ brokers, partitions, rf, seed }) => {
        const result = assignReplicas(brokers, partitions, rf, { rng: () => seed });
        checkPlacement(brokers, result, partitions, rf);
        // Leaders are spread evenly: counts differ by at most one.
        const counts = new Map(brokers.map((b) => [b.id, 0]));
        for (const r of result) counts.set(r[0], counts.get(r[0])! + 1);
        const values = [...counts.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
