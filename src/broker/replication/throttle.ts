/**
 * Replication throttles, as Kafka defines them (KIP-73):
 *
 * - rates: the broker configs `leader.replication.throttled.rate` (bytes/s a leader sends to throttled replicas)
 *   and `follower.replication.throttled.rate` (bytes/s a follower fetches for throttled replicas), set per broker
 *   id or as the cluster default; absent = unlimited.
 * - which replicas: the topic configs `leader.replication.throttled.replicas` / `follower.replication.throttled.replicas`,
 *   `partition:broker,…` or `*`. A leader throttles partition p when `p:<its id>` is listed on the leader side; a
 *   follower when `p:<its id>` is listed on the follower side. Replicas in the ISR are never throttled, so normal
 *   replication does not slow down.
 *
 * Kafka measures the rate over a sliding window and lets bursts through; here each broker and side has a token
 * bucket holding at most 1/50 s of its rate, so the rate holds over every second, not just on average.
 */
import type { ClusterModel } from '../model/cluster-model.js';

export type ThrottleSide = 'leader' | 'follower';

/** The bucket holds this many seconds of the rate: any 1 s window sees at most (1 + BURST_SECONDS) × rate, plus one batch. */
const BURST_SECONDS = 0.02;

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    now: number,
  ) {
    this.tokens = this.capacity;
    this.last = now;
  }

  get capacity(): number {
    return this.rate * BURST_SECONDS;
  }

  /** Bytes that may go now (can be negative after a batch larger than what was left). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Whether a batch larger than `available` may go anyway (the bucket is full: otherwise it would never go). */
  full(now: number): boolean {
    return this.available(now) >= this.capacity;
  }

  consume(bytes: number, now: number): void {
    this.refill(now);
    this.tokens -= bytes;
  }

  /** Milliseconds until at least one byte may go. */
  delayMs(now: number): number {
    const a = this.available(now);
    return a > 0 ? 0 : Math.ceil(((1 - a) / this.rate) * 1000);
  }

  /** Milliseconds until the bucket is full again (a batch larger than the bucket may then go). */
  msUntilFull(now: number): number {
    const missing = this.capacity - this.available(now);
    return missing <= 0 ? 0 : Math.ceil((missing / this.rate) * 1000);
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
    }
  }
}

const LONG_MAX_AS_NUMBER = 9.2e18;

export class ReplicationThrottles {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly model: ClusterModel,
    private readonly now: () => number,
  ) {}

  /** The bytes/s `brokerId` allows on `side`, or null when unlimited. */
  rate(side: ThrottleSide, brokerId: number): number | null {
    const name = `${side}.replication.throttled.rate`;
    const raw = this.model.configs({ kind: 'broker', name: String(brokerId) }).get(name) ?? this.model.configs({ kind: 'broker', name: '' }).get(name);
    if (raw === undefined) return null;
    const rate = Number(raw);
    return Number.isFinite(rate) && rate > 0 && rate < LONG_MAX_AS_NUMBER ? rate : null;
  }

  /** Whether replica traffic of `topic`-`partition` through `brokerId` on `side` is throttled by the topic's config. */
  listed(side: ThrottleSide, topic: string, partition: number, brokerId: number): boolean {
    const raw = this.model.configs({ kind: 'topic', name: topic }).get(`${side}.replication.throttled.replicas`);
    if (!raw || raw.trim() === '') return false;
    if (raw.trim() === '*') return true;
    const want = `${partition}:${brokerId}`;
    return raw.split(',').some((e) => e.trim() === want);
  }

  /** The bucket of `brokerId`'s `side`, when the partition is throttled there and a rate is set; else null. */
  bucketFor(side: ThrottleSide, topic: string, partition: number, brokerId: number): TokenBucket | null {
    if (!this.listed(side, topic, partition, brokerId)) return null;
    const rate = this.rate(side, brokerId);
    if (rate === null) return null;
    const key = `${side}|${brokerId}`;
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.rate !== rate) this.buckets.set(key, (bucket = new TokenBucket(rate, this.now())));
    return bucket;
  }
}
