/** Keyed test records and the checks the data-path conformance tests share: every record exactly once, in order. */
import { expect } from 'vitest';

export interface TestRecord {
  readonly key: string;
  readonly value: string;
}

export interface ConsumedRecord extends TestRecord {
  readonly partition: number;
  readonly offset: number;
}

/** `n` records with unique keys; values vary in length and compress well (so gzip visibly shrinks the log). */
export function keyedRecords(n: number, prefix = 'key'): TestRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}-${String(i).padStart(6, '0')}`,
    value: `value-${i}-${'abcdefgh'.repeat(1 + (i % 16))}`,
  }));
}

/** The index encoded in a key made by keyedRecords. */
export function indexOf(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}

/** Parses `kcat -f '%p\t%o\t%k\t%s\n'` output. */
export function parseKcat(out: string): ConsumedRecord[] {
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [partition, offset, key, value] = line.split('\t');
      return { partition: Number(partition), offset: Number(offset), key, value };
    });
}

export const KCAT_FORMAT = '%p\t%o\t%k\t%s\n';

/**
 * Asserts that `consumed` holds every record of `sent` exactly once with its value, that each partition's offsets
 * run 0, 1, 2, … without a gap in the order they arrived, and that within a partition the records keep the order
 * they were produced in.
 * Returns the number of records per partition.
 */
export function expectExactlyOnceInOrder(sent: readonly TestRecord[], consumed: readonly ConsumedRecord[]): Map<number, number> {
  const expected = new Map(sent.map((r) => [r.key, r.value]));
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const wrong: string[] = [];
  for (const r of consumed) {
    if (seen.has(r.key)) duplicates.push(r.key);
    seen.add(r.key);
    if (expected.get(r.key) !== r.value) wrong.push(`${r.key}=${r.value}`);
  }
  expect(duplicates.slice(0, 5)).toEqual([]);
  expect(wrong.slice(0, 5)).toEqual([]);
  expect([...expected.keys()].filter((k) => !seen.has(k)).slice(0, 5)).toEqual([]);
  expect(consumed).toHaveLength(sent.length);

  const byPartition = new Map<number, ConsumedRecord[]>();
  for (const r of consumed) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r]);
  const counts = new Map<number, number>();
  for (const [partition, records] of byPartition) {
    // In the order they arrived: offsets 0, 1, 2, … and the production order.
    expect(records.map((r) => r.offset), `offsets of partition ${partition}`).toEqual(records.map((_, i) => i));
    const order = records.map((r) => indexOf(r.key));
    expect(order, `production order in partition ${partition}`).toEqual([...order].sort((a, b) => a - b));
    counts.set(partition, records.length);
  }
  return counts;
}
