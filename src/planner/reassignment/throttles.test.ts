import { describe, expect, it } from 'vitest';
import { computeThrottles } from './throttles.js';

describe('computeThrottles (Kafka ReassignPartitionsCommand format)', () => {
  it('matches a hand-computed example: string-sorted pairs, sources = current, destinations = target − current', () => {
    const throttles = computeThrottles(
      [
        { topic: 't', partition: 0, from: [1, 2, 3], to: [1, 2, 100] },
        { topic: 't', partition: 10, from: [4, 20], to: [6, 7] },
        { topic: 't', partition: 2, from: [3, 1, 2], to: [2, 3, 1] }, // leadership-only: sources listed, no destination
        { topic: 'a.topic', partition: 1, from: [12, 11], to: [12, 13] },
      ],
      10_485_760,
    );
    const rate = { 'leader.replication.throttled.rate': '10485760', 'follower.replication.throttled.rate': '10485760' };
    expect(throttles).toEqual({
      brokers: [1, 2, 3, 4, 6, 7, 11, 12, 13, 20, 100].map((brokerId) => ({ brokerId, configs: rate })),
      topics: [
        {
          topic: 'a.topic',
          configs: {
            'leader.replication.throttled.replicas': '1:11,1:12',
            'follower.replication.throttled.replicas': '1:13',
          },
        },
        {
          topic: 't',
          configs: {
            // Java TreeSet<String>: "0:1" < "0:2" < "0:3" < "10:20" < "10:4" < "2:1" …
            'leader.replication.throttled.replicas': '0:1,0:2,0:3,10:20,10:4,2:1,2:2,2:3',
            'follower.replication.throttled.replicas': '0:100,10:6,10:7',
          },
        },
      ],
    });
  });

  it('gives an empty follower list for a topic with no new replicas, as Kafka does', () => {
    const throttles = computeThrottles([{ topic: 't', partition: 0, from: [1, 2], to: [2, 1] }], 1);
    expect(throttles.topics).toEqual([
      { topic: 't', configs: { 'leader.replication.throttled.replicas': '0:1,0:2', 'follower.replication.throttled.replicas': '' } },
    ]);
    expect(throttles.brokers.map((b) => b.brokerId)).toEqual([1, 2]);
  });

  it('is empty for no moves', () => {
    expect(computeThrottles([], 100)).toEqual({ brokers: [], topics: [] });
  });
});
