/**
 * Log compaction decisions (Kafka's LogCleanerManager.cleanableOffsets / maxCompactionDelay and the
 * Cleaner's record filter), pure. The I/O that rewrites segments is in cleaner.ts.
 *
 * The log splits into clean [log start, firstDirty) and dirty [firstDirty, firstUncleanable) parts;
 * the active segment, segments not wholly below the high watermark, and segments younger than
 * min.compaction.lag.ms are uncleanable. A log is cleaned when dirty/total > min.cleanable.dirty.ratio,
 * or when max.compaction.lag.ms says a dirty record has waited too long.
 */
import type { LogConfig } from './log-config.js';
import type { RecordBatchHeader } from './record-batch.js';
import type { LogRecord } from './records.js';
import type { LogPosition, SegmentSummary } from './retention.js';

export interface CompactionPlan {
  readonly firstDirtyOffset: number;
  /** Always a segment base offset. */
  readonly firstUncleanableOffset: number;
  readonly cleanBytes: number;
  readonly cleanableBytes: number;
  readonly cleanableRatio: number;
  /** max.compaction.lag.ms has expired for some dirty record. */
  readonly needCompactionNow: boolean;
  readonly shouldClean: boolean;
}

/** Never reached: Long.MAX as a JS number. */
const NEVER = 9e18;

export function planCompaction(
  segments: readonly SegmentSummary[],
  config: LogConfig,
  now: number,
  pos: LogPosition,
  checkpoint: number | null,
): CompactionPlan {
  let firstDirty = checkpoint ?? pos.logStartOffset;
  if (firstDirty < pos.logStartOffset || firstDirty > pos.logEndOffset) firstDirty = pos.logStartOffset;

  const active = segments[segments.length - 1];
  const ends = segments.map((s, i) => (i + 1 < segments.length ? segments[i + 1].baseOffset : pos.logEndOffset));
  let firstUncleanable = active.baseOffset;
  // The segment holding the high watermark, and everything after it, is uncleanable.
  for (let i = 0; i < segments.length - 1; i++) {
    if (ends[i] > pos.highWatermark) {
      firstUncleanable = Math.min(firstUncleanable, segments[i].baseOffset);
      break;
    }
  }
  const lag = Math.max(config.minCompactionLagMs, 0);
  if (lag > 0) {
    for (let i = 0; i < segments.length - 1; i++) {
      if (ends[i] <= firstDirty) continue;
      if (segments[i].largestTimestamp > now - lag) {
        firstUncleanable = Math.min(firstUncleanable, segments[i].baseOffset);
        break;
      }
    }
  }
  let cleanBytes = 0;
  let cleanableBytes = 0;
  let earliestDirty = Infinity;
  segments.forEach((s, i) => {
    if (ends[i] <= firstDirty) cleanBytes += s.sizeBytes;
    else if (s.baseOffset < firstUncleanable) {
      cleanableBytes += s.sizeBytes;
      if (s.firstBatchTimestamp >= 0) earliestDirty = Math.min(earliestDirty, s.firstBatchTimestamp);
    }
  });
  const total = cleanBytes + cleanableBytes;
  const cleanableRatio = total === 0 ? 0 : cleanableBytes / total;
  const maxLag = Math.max(config.maxCompactionLagMs, 0);
  const needCompactionNow = maxLag < NEVER && earliestDirty < now - maxLag;
  return {
    firstDirtyOffset: firstDirty,
    firstUncleanableOffset: firstUncleanable,
    cleanBytes,
    cleanableBytes,
    cleanableRatio,
    needCompactionNow,
    shouldClean: cleanableBytes > 0 && (needCompactionNow || cleanableRatio > config.minCleanableDirtyRatio),
  };
}

/** Latest offset per key over the dirty range: keys as latin1 strings (1:1 with the bytes). */
export class OffsetMap {
  private readonly map = new Map<string, number>();
  latestOffset = -1;

  get size(): number {
    return this.map.size;
  }

  put(key: Buffer, offset: number): void {
    this.map.set(key.toString('latin1'), offset);
    if (offset > this.latestOffset) this.latestOffset = offset;
  }

  get(key: Buffer): number {
    return this.map.get(key.toString('latin1')) ?? -1;
  }
}

/**
 * Kafka's Cleaner.shouldRetainRecord: keep a record unless a later record has the same key, drop records without a
 * key, and keep a tombstone until its batch's delete horizon (set when the tombstone was first cleaned) has passed.
 */
export function shouldRetainRecord(map: OffsetMap, batch: RecordBatchHeader, record: LogRecord, now: number): boolean {
  if (record.offset > map.latestOffset) return true;
  if (record.key === null) return false;
  const latest = record.offset >= map.get(record.key);
  const retainDeletes = !batch.hasDeleteHorizon || now < batch.baseTimestamp;
  return latest && (record.value !== null || retainDeletes);
}

export type BatchFilterResult =
  | { readonly kind: 'keep' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'rebuild'; readonly retained: readonly LogRecord[]; readonly deleteHorizonMs: number | undefined };

/**
 * What compaction does to one decoded batch (Kafka's MemoryRecords.filterTo): keep it byte for byte, drop it, or
 * rebuild it with the retained records — setting the delete horizon (now + delete.retention.ms) the first time a
 * batch with tombstones is cleaned. `keepEmpty` keeps a header-only batch (a producer's last batch, for its sequence).
 */
export function filterBatch(
  map: OffsetMap,
  batch: RecordBatchHeader,
  records: readonly LogRecord[],
  now: number,
  deleteRetentionMs: number,
  keepEmpty: boolean,
): BatchFilterResult {
  if (records.length === 0) return keepEmpty ? { kind: 'keep' } : { kind: 'drop' };
  const retained = records.filter((r) => shouldRetainRecord(map, batch, r, now));
  const hasTombstones = retained.some((r) => r.value === null);
  const needHorizon = hasTombstones && !batch.hasDeleteHorizon;
  if (retained.length === records.length && !needHorizon) return { kind: 'keep' };
  if (retained.length === 0) return keepEmpty ? { kind: 'rebuild', retained, deleteHorizonMs: undefined } : { kind: 'drop' };
  const deleteHorizonMs = needHorizon ? now + deleteRetentionMs : batch.hasDeleteHorizon ? batch.baseTimestamp : undefined;
  return { kind: 'rebuild', retained, deleteHorizonMs };
}
