/**
 * Where a follower's log stops agreeing with its leader's (the job Kafka's OffsetForLeaderEpoch does, KIP-101):
 * walking back from the shorter log end, the first offset whose batch has the same leader epoch and the same last
 * offset in both logs was written by the same leader, so the logs agree up to the end of that batch. A follower
 * truncates to that point before fetching from a new leader, and keeps everything it had that the leader also has —
 * instead of truncating to its high watermark, which can throw away the only copy of committed records.
 */
import { readBatchHeader, type PartitionLog, type RecordBatchHeader } from '../storage/index.js';

function batchHolding(log: PartitionLog, offset: number): RecordBatchHeader | null {
  if (offset < log.logStartOffset || offset >= log.logEndOffset) return null;
  const { records } = log.read(offset, 1, { isolation: 'log-end', minOneBatch: true });
  return records.length > 0 ? readBatchHeader(records, 0) : null;
}

/** The offset the follower's log agrees with the leader's up to (its new log end offset after truncation). */
export function agreedLogEnd(follower: PartitionLog, leader: PartitionLog): number {
  let x = Math.min(follower.logEndOffset, leader.logEndOffset);
  const floor = Math.max(follower.logStartOffset, leader.logStartOffset);
  while (x > floor) {
    const f = batchHolding(follower, x - 1);
    const l = batchHolding(leader, x - 1);
    if (!f || !l) return floor;
    if (f.partitionLeaderEpoch === l.partitionLeaderEpoch && f.lastOffset === l.lastOffset) return x;
    x = Math.min(f.baseOffset, l.baseOffset);
  }
  return floor;
}
