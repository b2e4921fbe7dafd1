/**
 * The Fetch path of a leader (Kafka's ReplicaManager.fetchMessages + DelayedFetch), shared by the Fetch API handler
 * (consumers, and followers on the wire) and the in-process follower fetchers: reads every asked partition within
 * the response and partition byte limits, and when fewer than `minBytes` are ready waits up to `maxWaitMs` for an
 * append to one of them, then reads again.
 */
import { ErrorCode } from '../../protocol/errors.js';
import { partitionKey } from './replica-logs.js';
import { storageErrorCode, type ReplicaManager } from './replica-manager.js';

export interface FetchPartitionRequest {
  readonly topic: string;
  readonly partition: number;
  readonly fetchOffset: number;
  /** Per-partition byte limit. */
  readonly maxBytes: number;
  /** The leader epoch the client knows (-1: not checked). */
  readonly currentLeaderEpoch?: number;
}

export interface FetchPartitionResult {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly errorMessage?: string;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly records: Buffer | null;
}

export interface FetchRequestSpec {
  /** -1 for consumers; the follower's broker id for replication. */
  readonly replicaId: number;
  readonly maxWaitMs: number;
  readonly minBytes: number;
  /** Response byte limit. */
  readonly maxBytes: number;
  readonly partitions: readonly FetchPartitionRequest[];
}

export async function fetchFromLeader(rm: ReplicaManager, brokerId: number, spec: FetchRequestSpec): Promise<FetchPartitionResult[]> {
  const deadline = rm.now() + spec.maxWaitMs;
  const keys = spec.partitions.map((p) => `append:${partitionKey(p.topic, p.partition)}`);
  for (;;) {
    const { results, throttleDelayMs } = readOnce(rm, brokerId, spec);
    const bytes = results.reduce((n, r) => n + (r.records?.length ?? 0), 0);
    const remaining = deadline - rm.now();
    const anyError = results.some((r) => r.errorCode !== ErrorCode.NONE);
    if (bytes >= spec.minBytes || remaining <= 0 || anyError || !rm.isOnline(brokerId)) return results;
    // A throttled partition can go again once its bucket refills: wait no longer than that.
    const notified = await rm.notifier.wait([...keys, 'metadata'], Math.min(remaining, throttleDelayMs ?? remaining));
    if (!notified && rm.now() >= deadline) return readOnce(rm, brokerId, spec).results;
  }
}

function readOnce(rm: ReplicaManager, brokerId: number, spec: FetchRequestSpec): { results: FetchPartitionResult[]; throttleDelayMs: number | null } {
  let budget = spec.maxBytes;
  let minOneBatch = true;
  let throttleDelayMs: number | null = null;
  const results = spec.partitions.map((req): FetchPartitionResult => {
    try {
      // Leader-side throttle (KIP-73): only replicas outside the ISR that the topic lists for this leader.
      const now = rm.now();
      const bucket = spec.replicaId >= 0 && !rm.inIsr(req.topic, req.partition, spec.replicaId) ? rm.throttles.bucketFor('leader', req.topic, req.partition, brokerId) : null;
      let maxBytes = Math.min(req.maxBytes, Math.max(budget, 0));
      let oneBatch = minOneBatch;
      if (bucket) {
        const available = bucket.available(now);
        oneBatch = bucket.full(now);
        maxBytes = Math.max(0, Math.min(maxBytes, Math.floor(available)));
        if (available <= 0) throttleDelayMs = Math.min(throttleDelayMs ?? Infinity, bucket.delayMs(now));
      }
      const read = rm.readAsLeader(brokerId, req.topic, req.partition, req.fetchOffset, maxBytes, spec.replicaId, oneBatch && maxBytes > 0 || minOneBatch && !bucket, req.currentLeaderEpoch ?? -1);
      if (bucket) {
        bucket.consume(read.records.length, now);
        // Nothing fitted in what the bucket had left: the next batch goes when the bucket is full.
        if (read.records.length === 0 && read.logEndOffset > req.fetchOffset) throttleDelayMs = Math.min(throttleDelayMs ?? Infinity, Math.max(1, bucket.msUntilFull(now)));
      }
      if (read.records.length > 0) {
        minOneBatch = false;
        budget -= read.records.length;
      }
      return { topic: req.topic, partition: req.partition, errorCode: ErrorCode.NONE, ...read };
    } catch (e) {
      const code = storageErrorCode(e);
      if (code === null) throw e;
      let hw = -1;
      let logStartOffset = -1;
      let logEndOffset = -1;
      if (code === ErrorCode.OFFSET_OUT_OF_RANGE) {
        const log = rm.partitionLog(brokerId, req.topic, req.partition);
        hw = rm.highWatermark(brokerId, req.topic, req.partition);
        logStartOffset = log.logStartOffset;
        logEndOffset = log.logEndOffset;
      }
      return { topic: req.topic, partition: req.partition, errorCode: code, errorMessage: (e as Error).message, highWatermark: hw, logStartOffset, logEndOffset, records: null };
    }
  });
  return { results, throttleDelayMs };
}
