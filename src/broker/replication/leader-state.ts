/**
 * What a partition's leader knows about its followers (Kafka's Partition + Replica state on the leader): each
 * follower's log end offset and when it was last caught up, from which come the high watermark (the lowest log
 * end offset in the ISR) and the ISR changes (shrink after replica.lag.time.max.ms behind, expand once caught up).
 * Pure bookkeeping: the replica manager applies the ISR changes to the metadata.
 */

export interface FollowerState {
  /** The follower's log end offset (its last fetch offset); -1 until it has fetched under this leader. */
  leo: number;
  lastCaughtUpMs: number;
  /** The leader's log end offset and the time at the follower's previous fetch (Kafka's lastFetchLeaderLogEndOffset). */
  lastFetchLeaderLeo: number;
  lastFetchMs: number;
}

export class LeaderState {
  readonly followers = new Map<number, FollowerState>();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly leaderId: number,
    readonly leaderEpoch: number,
    /** Replication's high watermark: everything below it is on every ISR member. */
    public highWatermark: number,
    now: number,
    replicas: readonly number[],
  ) {
    for (const r of replicas) if (r !== leaderId) this.followers.set(r, { leo: -1, lastCaughtUpMs: now, lastFetchLeaderLeo: -1, lastFetchMs: now });
  }

  /** Records a follower fetch at `fetchOffset` while the leader's log ends at `leaderLeo` (Kafka's updateFetchState). */
  recordFollowerFetch(followerId: number, fetchOffset: number, leaderLeo: number, now: number): void {
    let f = this.followers.get(followerId);
    if (!f) this.followers.set(followerId, (f = { leo: -1, lastCaughtUpMs: now, lastFetchLeaderLeo: -1, lastFetchMs: now }));
    if (fetchOffset >= leaderLeo) f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, now);
    else if (fetchOffset >= f.lastFetchLeaderLeo && f.lastFetchLeaderLeo >= 0) f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, f.lastFetchMs);
    f.leo = fetchOffset;
    f.lastFetchLeaderLeo = leaderLeo;
    f.lastFetchMs = now;
  }

  /**
   * The high watermark the ISR allows: min log end offset over the ISR, never lower than now. Returns true if it moved.
   */
  advanceHighWatermark(isr: readonly number[], leaderLeo: number): boolean {
    let min = leaderLeo;
    for (const id of isr) {
      if (id === this.leaderId) continue;
      const f = this.followers.get(id);
      min = Math.min(min, f ? f.leo : -1);
    }
    if (min > this.highWatermark) {
      this.highWatermark = min;
      return true;
    }
    return false;
  }

  /** ISR members (other than the leader) not caught up within `lagMaxMs`. */
  laggingFollowers(isr: readonly number[], leaderLeo: number, now: number, lagMaxMs: number): number[] {
    return isr.filter((id) => {
      if (id === this.leaderId) return false;
      const f = this.followers.get(id);
      if (!f) return true;
      return f.leo < leaderLeo && now - f.lastCaughtUpMs > lagMaxMs;
    });
  }

  /** A follower outside the ISR that may rejoin: caught up to the high watermark (Kafka's isFollowerInSync). */
  canJoinIsr(followerId: number, leaderLeo: number): boolean {
    const f = this.followers.get(followerId);
    return f !== undefined && f.leo >= this.highWatermark && f.leo >= 0 && f.leo <= leaderLeo;
  }
}
