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
    const results = readOnce(rm, brokerId, spec);
    const bytes = results.reduce((n, r) => n + (r.records?.length ?? 0), 0);
    const remaining = deadline - rm.now();
    const anyError = results.some((r) => r.errorCode !== ErrorCode.NONE);
    if (bytes >= spec.minBytes || remaining <= 0 || anyError || !rm.isOnline(brokerId)) return results;
    const notified = await rm.notifier.wait([...keys, 'metadata'], remaining);
    if (!notified) return readOnce(rm, brokerId, spec);
  }
}

function readOnce(rm: ReplicaManager, brokerId: number, spec: FetchRequestSpec): FetchPartitionResult[] {
  let budget = spec.maxBytes;
  let minOneBatch = true;
  return spec.partitions.map((req): FetchPartitionResult => {
    try {
      const read = rm.readAsLeader(brokerId, req.topic, req.partition, req.fetchOffset, Math.min(req.maxBytes, Math.max(budget, 0)), spec.replicaId, minOneBatch, req.currentLeaderEpoch ?? -1);
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
}
