import { describe, expect, it } from 'vitest';
import { LeaderState } from './leader-state.js';

const T0 = 1_000_000;

describe('LeaderState', () => {
  it('keeps the high watermark at the lowest log end offset of the ISR, never moving it back', () => {
    const s = new LeaderState('t', 0, 1, 0, 0, T0, [1, 2, 3]);
    expect(s.advanceHighWatermark([1, 2, 3], 10)).toBe(false); // followers have not fetched yet
    s.recordFollowerFetch(2, 10, 10, T0 + 1);
    s.recordFollowerFetch(3, 6, 10, T0 + 1);
    expect(s.advanceHighWatermark([1, 2, 3], 10)).toBe(true);
    expect(s.highWatermark).toBe(6);
    // Out of the ISR, a slow follower no longer holds the high watermark back.
    expect(s.advanceHighWatermark([1, 2], 10)).toBe(true);
    expect(s.highWatermark).toBe(10);
    expect(s.advanceHighWatermark([1, 2, 3], 10)).toBe(false);
    expect(s.highWatermark).toBe(10);
  });

  it('counts a follower as lagging only after replica.lag.time.max.ms without catching up', () => {
    const s = new LeaderState('t', 0, 1, 0, 0, T0, [1, 2, 3]);
    s.recordFollowerFetch(2, 10, 10, T0 + 100); // caught up
    s.recordFollowerFetch(3, 4, 10, T0 + 100); // behind
    expect(s.laggingFollowers([1, 2, 3], 10, T0 + 5_000, 10_000)).toEqual([]);
    expect(s.laggingFollowers([1, 2, 3], 12, T0 + 20_000, 10_000)).toEqual([2, 3]);
    // Fetching up to where the leader was at the previous fetch counts as caught up at that time (Kafka's rule).
    s.recordFollowerFetch(3, 4, 10, T0 + 15_000);
    s.recordFollowerFetch(3, 10, 12, T0 + 20_100);
    expect(s.laggingFollowers([1, 3], 12, T0 + 20_200, 10_000)).toEqual([]);
  });

  it('lets a follower rejoin the ISR once it reaches the high watermark', () => {
    const s = new LeaderState('t', 0, 1, 0, 8, T0, [1, 2]);
    s.recordFollowerFetch(2, 5, 10, T0);
    expect(s.canJoinIsr(2, 10)).toBe(false);
    s.recordFollowerFetch(2, 8, 10, T0);
    expect(s.canJoinIsr(2, 10)).toBe(true);
  });
});
