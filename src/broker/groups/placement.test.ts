import { describe, expect, it } from 'vitest';
import { coordinatorBrokerFor, javaStringHashCode, offsetsPartitionFor } from './placement.js';

describe('group placement', () => {
  it('hashes like Java String.hashCode', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('a')).toBe(97);
    expect(javaStringHashCode('abc')).toBe(96354);
    expect(javaStringHashCode('hello world')).toBe(1794106052);
    expect(javaStringHashCode('console-consumer-group')).toBe(210291998);
    expect(javaStringHashCode('héllo-ü')).toBe(289793213); // values checked with a JVM
    // The one string whose hash is Integer.MIN_VALUE: Kafka's Utils.abs maps it to 0.
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
  });

  it('maps a group to its __consumer_offsets partition as Kafka does', () => {
    expect(offsetsPartitionFor('', 50)).toBe(0);
    expect(offsetsPartitionFor('abc', 50)).toBe(96354 % 50);
    expect(offsetsPartitionFor('console-consumer-group', 50)).toBe(210291998 % 50);
    expect(offsetsPartitionFor('polygenelubricants', 50)).toBe(0);
  });

  it('picks a live broker deterministically, and another one when it is gone', () => {
    const p = offsetsPartitionFor('orders', 50);
    expect(coordinatorBrokerFor('orders', [3, 1, 2], 50)).toBe([1, 2, 3][p % 3]);
    expect(coordinatorBrokerFor('orders', [1, 2, 3], 50)).toBe(coordinatorBrokerFor('orders', [2, 3, 1], 50));
    const chosen = coordinatorBrokerFor('orders', [1, 2, 3], 50)!;
    const rest = [1, 2, 3].filter((b) => b !== chosen);
    expect(rest).toContain(coordinatorBrokerFor('orders', rest, 50));
    expect(coordinatorBrokerFor('orders', [], 50)).toBeNull();
  });

  it('spreads groups over the brokers', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const b = coordinatorBrokerFor(`group-${i}`, [1, 2, 3], 50)!;
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(50);
  });
});
