/**
 * ListOffsets by timestamp over a log's segments (Kafka's UnifiedLog.fetchOffsetByTimestamp for a
 * timestamp >= 0 and for MAX_TIMESTAMP, LogSegment.findOffsetByTimestamp): time index to skip ahead,
 * offset index to find the position, then batch headers, then the records of the matching batch.
 */
import type { RecordBatchHeader } from './record-batch.js';
import { walkBatchRecords } from './records.js';
import type { LogSegment } from './segment.js';

export interface FoundTimestamp {
  readonly offset: number;
  readonly timestamp: number;
  /** The partition leader epoch of the batch holding the record (ListOffsets v4+). */
  readonly leaderEpoch: number;
}

/** First record of the batch (at or after `from`) whose timestamp is >= `target`; undecodable codecs answer with the batch. */
function firstRecordAtOrAfter(seg: LogSegment, h: RecordBatchHeader, target: number, from: number): FoundTimestamp | null {
  if (h.compression > 1) return { offset: Math.max(h.baseOffset, from), timestamp: h.maxTimestamp, leaderEpoch: h.partitionLeaderEpoch };
  let found: FoundTimestamp | null = null;
  walkBatchRecords(seg.readBatch(h), h, (_i, offsetDelta, timestamp) => {
    const offset = h.baseOffset + offsetDelta;
    if (offset < from || timestamp < target) return true;
    found = { offset, timestamp, leaderEpoch: h.partitionLeaderEpoch };
    return false;
  });
  return found;
}

/** In one segment: the first record at or after `startingOffset` whose timestamp is >= `target`. */
export function findOffsetByTimestamp(seg: LogSegment, target: number, startingOffset: number): FoundTimestamp | null {
  // Every record up to a time-index entry strictly below the target is older than the target.
  const entry = seg.timeIndex.lookupBefore(target);
  let from = Math.max(entry ? entry.offset + 1 : seg.baseOffset, startingOffset);
  for (;;) {
    const candidates: RecordBatchHeader[] = [];
    seg.forEachBatch((h) => {
      if (h.lastOffset >= from && h.maxTimestamp >= target) candidates.push(h);
      return candidates.length < 16;
    }, from);
    for (const h of candidates) {
      const found = firstRecordAtOrAfter(seg, h, target, from);
      if (found) return found;
    }
    // Only batches emptied by compaction can have a large max timestamp and no matching record: look further.
    if (candidates.length < 16) return null;
    from = candidates[candidates.length - 1].lastOffset + 1;
  }
}

/** Across the log: the earliest record at or after the log start whose timestamp is >= `target`. */
export function searchOffsetForTimestamp(segments: readonly LogSegment[], target: number, logStartOffset: number): FoundTimestamp | null {
  for (const seg of segments) {
    if (seg.maxTimestamp < target || seg.nextOffset <= logStartOffset) continue;
    const found = findOffsetByTimestamp(seg, target, logStartOffset);
    if (found) return found;
  }
  return null;
}

/** MAX_TIMESTAMP (-3): the first record carrying the log's largest timestamp. */
export function searchMaxTimestamp(segments: readonly LogSegment[], logStartOffset: number): FoundTimestamp | null {
  let best: LogSegment | null = null;
  for (const seg of segments) {
    if (seg.maxTimestamp >= 0 && seg.nextOffset > logStartOffset && (best === null || seg.maxTimestamp > best.maxTimestamp)) best = seg;
  }
  if (best === null) return null;
  const seg = best;
  let found: FoundTimestamp | null = null;
  seg.forEachBatch((h) => {
    if (h.maxTimestamp !== seg.maxTimestamp || h.lastOffset < logStartOffset) return true;
    found = firstRecordAtOrAfter(seg, h, h.maxTimestamp, logStartOffset) ?? { offset: h.lastOffset, timestamp: h.maxTimestamp, leaderEpoch: h.partitionLeaderEpoch };
    return false;
  });
  return found;
}
