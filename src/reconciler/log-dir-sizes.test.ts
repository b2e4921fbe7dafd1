import { describe, expect, it } from 'vitest';
import { partitionKey, partitionSize, type BrokerLogSizes } from './log-dir-sizes.js';

describe('partitionSize', () => {
  const sizes: BrokerLogSizes = new Map([
    [1, new Map([[partitionKey('orders', 0), 100]])],
    [2, new Map([[partitionKey('orders', 0), 90], [partitionKey('orders', 1), 50]])],
    [3, new Map([[partitionKey('orders', 1), 70]])],
  ]);

  it("is the leader's log size", () => {
    expect(partitionSize(sizes, 'orders', { partition: 0, leader: 2, replicas: [1, 2] })).toBe(90);
  });

  it('is the largest replica log when the leader reported none (or there is no leader)', () => {
    expect(partitionSize(sizes, 'orders', { partition: 1, leader: -1, replicas: [2, 3] })).toBe(70);
    expect(partitionSize(sizes, 'orders', { partition: 1, leader: 4, replicas: [4, 2] })).toBe(50);
  });

  it('is unknown when no replica reported it', () => {
    expect(partitionSize(sizes, 'payments', { partition: 0, leader: 1, replicas: [1] })).toBeUndefined();
  });
});
