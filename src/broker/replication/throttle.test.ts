import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../model/cluster-model.js';
import { ReplicationThrottles, TokenBucket } from './throttle.js';

describe('TokenBucket', () => {
  it('never lets more than the rate plus 1/50 s of it through in any second', () => {
    const rate = 1_000_000;
    const bucket = new TokenBucket(rate, 0);
    const sent: [number, number][] = [];
    // A greedy sender asking every millisecond for whatever is available, in 64 KiB batches.
    for (let t = 0; t < 10_000; t++) {
      if (bucket.available(t) > 0) {
        bucket.consume(65_536, t);
        sent.push([t, 65_536]);
      }
    }
    for (let start = 0; start <= 9_000; start += 10) {
      const inWindow = sent.filter(([t]) => t >= start && t < start + 1000).reduce((n, [, b]) => n + b, 0);
      expect(inWindow).toBeLessThanOrEqual(rate * 1.02 + 65_536);
    }
    const total = sent.reduce((n, [, b]) => n + b, 0);
    expect(total / 10).toBeGreaterThan(rate * 0.95); // and it does not under-deliver
  });

  it('says how long until something may go, and until it is full', () => {
    const bucket = new TokenBucket(1000, 0);
    bucket.consume(120, 0); // capacity 20: 100 bytes of debt
    expect(bucket.delayMs(0)).toBe(101);
    expect(bucket.msUntilFull(0)).toBe(120);
  });
});

describe('ReplicationThrottles', () => {
  const model = ClusterModel.empty([{ id: 1, rack: null }, { id: 2, rack: null }], () => 'cluster');
  model.createTopic('t', [[1, 2], [2, 1]], { 'leader.replication.throttled.replicas': '0:1,1:2', 'follower.replication.throttled.replicas': '*' });
  model.replaceConfigs({ kind: 'broker', name: '' }, { 'leader.replication.throttled.rate': '500' });
  model.replaceConfigs({ kind: 'broker', name: '2' }, { 'leader.replication.throttled.rate': '700', 'follower.replication.throttled.rate': '900' });
  const throttles = new ReplicationThrottles(model, () => 0);

  it('reads rates per broker, falling back to the cluster default, unlimited when unset', () => {
    expect(throttles.rate('leader', 1)).toBe(500);
    expect(throttles.rate('leader', 2)).toBe(700);
    expect(throttles.rate('follower', 2)).toBe(900);
    expect(throttles.rate('follower', 1)).toBeNull();
  });

  it('throttles only the partition:broker pairs the topic lists (or every one for *)', () => {
    expect(throttles.listed('leader', 't', 0, 1)).toBe(true);
    expect(throttles.listed('leader', 't', 0, 2)).toBe(false);
    expect(throttles.listed('leader', 't', 1, 2)).toBe(true);
    expect(throttles.listed('follower', 't', 1, 1)).toBe(true);
    expect(throttles.bucketFor('follower', 't', 0, 1)).toBeNull(); // listed, but broker 1 has no follower rate
    expect(throttles.bucketFor('leader', 't', 0, 1)?.rate).toBe(500);
  });
});
