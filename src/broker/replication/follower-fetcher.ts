/**
 * Replication: every running broker fetches, for the partitions it follows, from each leader (Kafka's
 * ReplicaFetcherThread, one per (follower, leader) pair) through the leader's Fetch path (fetch-service.ts) with
 * its broker id as replica id, and appends what it gets. Before following a leader (a new leader epoch, or after
 * its own restart) the follower cuts its log back to where it agrees with the leader's (divergence.ts).
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../protocol/errors.js';
import { fetchFromLeader, type FetchPartitionRequest } from './fetch-service.js';
import { partitionKey } from './replica-logs.js';
import type { ReplicaManager } from './replica-manager.js';
import type { TokenBucket } from './throttle.js';

interface Followed {
  readonly topic: string;
  readonly partition: number;
  readonly leaderEpoch: number;
}

/** Pause after an error answer, so a partition without a usable leader is not polled in a tight loop. */
const ERROR_BACKOFF_MS = 100;
/** How often a paused fetcher loop looks whether it may fetch again. */
const PAUSED_POLL_MS = 20;

export class FetcherManager {
  private readonly loops = new Map<string, FetcherLoop>();
  /** follower|topic-partition → the leader epoch it last fetched under. */
  private readonly epochs = new Map<string, number>();
  /** Followers whose fetching is paused (test/diagnostic control, see pauseReplication). */
  private readonly paused = new Set<number>();
  private stopped = false;

  constructor(
    private readonly rm: ReplicaManager,
    private readonly model: { topics(): readonly { name: string; partitions: readonly { partition: number; replicas: readonly number[]; leader: number; leaderEpoch: number }[] }[] },
    private readonly log: Logger,
  ) {
    rm.onMetadata(() => this.refresh());
  }

  /** Starts a loop for every (follower, leader) pair with partitions to replicate; stops loops that have none. */
  refresh(): void {
    if (this.stopped) return;
    // A stopped broker checks its logs against the leaders again when it returns.
    for (const key of [...this.epochs.keys()]) if (!this.rm.isOnline(Number(key.slice(0, key.indexOf('|'))))) this.epochs.delete(key);
    const wanted = new Set<string>();
    for (const t of this.model.topics()) {
      for (const p of t.partitions) {
        if (p.leader === -1 || !this.rm.isOnline(p.leader)) continue;
        for (const r of p.replicas) if (r !== p.leader && this.rm.isOnline(r)) wanted.add(`${r}>${p.leader}`);
      }
    }
    for (const key of wanted) {
      // A loop that has decided to end (nothing left to fetch) counts as gone: its replacement starts now.
      if (this.loops.get(key)?.active) continue;
      const [follower, leader] = key.split('>').map(Number);
      const loop = new FetcherLoop(this, this.rm, follower, leader, this.log.child({ fetcher: key }));
      this.loops.set(key, loop);
      void loop.run().finally(() => {
        if (this.loops.get(key) === loop) this.loops.delete(key);
      });
    }
    for (const [key, loop] of this.loops) {
      if (wanted.has(key)) continue;
      // Forget it now: a loop still finishing its last fetch must not stand in for a new one (broker restarts).
      loop.stop();
      this.loops.delete(key);
    }
  }

  /**
   * Test/diagnostic control: while paused, `follower` stays online but its fetcher loops idle (a fetch already in
   * flight still completes), so the leaders see a live follower that has stopped fetching. Nothing else changes.
   */
  pauseReplication(follower: number, paused: boolean): void {
    if (paused) this.paused.add(follower);
    else this.paused.delete(follower);
  }

  isPaused(follower: number): boolean {
    return this.paused.has(follower);
  }

  stop(): void {
    this.stopped = true;
    for (const loop of this.loops.values()) loop.stop();
  }

  /** The partitions `follower` replicates from `leader`, truncating where the leader changed since the last fetch. */
  partitionsFor(follower: number, leader: number): Followed[] {
    const out: Followed[] = [];
    for (const t of this.model.topics()) {
      for (const p of t.partitions) {
        if (p.leader !== leader || !p.replicas.includes(follower) || follower === leader) continue;
        const key = `${follower}|${partitionKey(t.name, p.partition)}`;
        if (this.epochs.get(key) !== p.leaderEpoch) {
          this.rm.truncateToLeader(follower, leader, t.name, p.partition);
          this.epochs.set(key, p.leaderEpoch);
        }
        out.push({ topic: t.name, partition: p.partition, leaderEpoch: p.leaderEpoch });
      }
    }
    return out;
  }
}

class FetcherLoop {
  private running = true;

  constructor(
    private readonly manager: FetcherManager,
    private readonly rm: ReplicaManager,
    private readonly follower: number,
    private readonly leader: number,
    private readonly log: Logger,
  ) {}

  stop(): void {
    this.running = false;
  }

  get active(): boolean {
    return this.running;
  }

  async run(): Promise<void> {
    try {
      await this.fetchUntilDone();
    } finally {
      this.running = false;
    }
  }

  private async fetchUntilDone(): Promise<void> {
    const { settings } = this.rm;
    while (this.running && this.rm.isOnline(this.follower) && this.rm.isOnline(this.leader)) {
      if (this.manager.isPaused(this.follower)) {
        await new Promise((resolve) => setTimeout(resolve, PAUSED_POLL_MS));
        continue;
      }
      const followed = this.manager.partitionsFor(this.follower, this.leader);
      if (followed.length === 0) {
        this.running = false; // synchronously, before any metadata change can look at this loop
        return;
      }
      const requests: FetchPartitionRequest[] = [];
      const throttled = new Map<string, TokenBucket>();
      const allowance = new Map<TokenBucket, number>();
      let throttleDelayMs: number | null = null;
      const now = this.rm.now();
      for (const f of followed) {
        const log = this.rm.logs.log(this.follower, f.topic, f.partition);
        if (!log) continue;
        let maxBytes = settings.replicaFetchMaxBytes;
        // Follower-side throttle (KIP-73): only while this replica is outside the ISR and listed for this broker.
        const bucket = this.rm.inIsr(f.topic, f.partition, this.follower) ? null : this.rm.throttles.bucketFor('follower', f.topic, f.partition, this.follower);
        if (bucket) {
          const left = allowance.get(bucket) ?? bucket.available(now);
          if (left <= 0) {
            throttleDelayMs = Math.min(throttleDelayMs ?? Infinity, Math.max(1, bucket.delayMs(now)));
            continue;
          }
          maxBytes = Math.max(1, Math.min(maxBytes, Math.floor(left)));
          allowance.set(bucket, left - maxBytes);
          throttled.set(partitionKey(f.topic, f.partition), bucket);
        }
        requests.push({ topic: f.topic, partition: f.partition, fetchOffset: log.logEndOffset, maxBytes, currentLeaderEpoch: f.leaderEpoch });
      }
      if (requests.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, throttleDelayMs ?? ERROR_BACKOFF_MS));
        continue;
      }
      let backoff = false;
      try {
        const results = await fetchFromLeader(this.rm, this.leader, {
          replicaId: this.follower,
          // A partition left out for its throttle is due again soon: do not long-poll past that.
          maxWaitMs: Math.min(settings.replicaFetchWaitMaxMs, throttleDelayMs ?? Infinity),
          minBytes: 1,
          maxBytes: settings.replicaFetchResponseMaxBytes,
          partitions: requests,
        });
        if (!this.running || !this.rm.isOnline(this.follower)) return;
        for (const r of results) {
          throttled.get(partitionKey(r.topic, r.partition))?.consume(r.records?.length ?? 0, this.rm.now());
          if (r.errorCode === ErrorCode.NONE) this.rm.appendAsFollower(this.follower, r.topic, r.partition, r.records ?? Buffer.alloc(0), r.highWatermark, r.logStartOffset);
          else if (r.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) this.rm.resetFollower(this.follower, r.topic, r.partition, r.logStartOffset, r.logEndOffset);
          else backoff = true;
        }
      } catch (e) {
        this.log.error({ err: e }, 'replica fetch failed');
        backoff = true;
      }
      if (backoff) await new Promise((resolve) => setTimeout(resolve, ERROR_BACKOFF_MS));
    }
  }
}
