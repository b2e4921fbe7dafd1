/**
 * Which old segments to delete (Kafka's UnifiedLog.deleteOldSegments), as a pure decision over segment
 * summaries. Three passes, each deleting from the oldest segment while its predicate holds:
 *   1. segments wholly below the log start offset (DeleteRecords moved it), always;
 *   2. while the partition exceeds retention.bytes          (cleanup.policy contains delete);
 *   3. segments whose largest timestamp is older than retention.ms (cleanup.policy contains delete).
 * A segment is only deletable when all its offsets are below the high watermark, and an empty last
 * segment never is. When every segment qualifies the caller first rolls a new (empty) active segment,
 * as Kafka does, so expired data in a quiet partition still goes away; the new active segment stays.
 */
import type { LogConfig } from './log-config.js';

export interface SegmentSummary {
  readonly baseOffset: number;
  readonly sizeBytes: number;
  /** Largest record timestamp, or the last append time when the batches carry none. */
  readonly largestTimestamp: number;
  /** maxTimestamp of the segment's first batch, -1 when unknown (max.compaction.lag.ms). */
  readonly firstBatchTimestamp: number;
}

export interface LogPosition {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly highWatermark: number;
}

export type DeletionReason = 'log-start-offset' | 'retention-bytes' | 'retention-ms';

export interface RetentionPlan {
  /** Number of segments to delete from the front. */
  readonly deleteCount: number;
  /** Roll a new active segment first (every existing segment is being deleted). */
  readonly rollFirst: boolean;
  /** Why, per deleted segment (same order). */
  readonly reasons: readonly DeletionReason[];
}

type Predicate = (seg: SegmentSummary, next: SegmentSummary | undefined) => boolean;

/** Kafka's deletableSegments: counts segments from `start` while the predicate holds. */
function countDeletable(segments: readonly SegmentSummary[], start: number, pos: LogPosition, predicate: Predicate): number {
  let i = start;
  while (i < segments.length) {
    const seg = segments[i];
    const next = segments[i + 1];
    const isLastAndEmpty = next === undefined && seg.sizeBytes === 0;
    const upperBound = next ? next.baseOffset : pos.logEndOffset;
    if (pos.highWatermark >= upperBound && !isLastAndEmpty && predicate(seg, next)) i++;
    else break;
  }
  return i - start;
}

export function planRetention(segments: readonly SegmentSummary[], config: LogConfig, now: number, pos: LogPosition): RetentionPlan {
  const reasons: DeletionReason[] = [];
  const run = (reason: DeletionReason, predicate: Predicate): void => {
    const n = countDeletable(segments, reasons.length, pos, predicate);
    for (let k = 0; k < n; k++) reasons.push(reason);
  };
  run('log-start-offset', (_seg, next) => next !== undefined && next.baseOffset <= pos.logStartOffset);
  if (config.cleanupPolicyDelete) {
    const remaining = segments.slice(reasons.length).reduce((sum, s) => sum + s.sizeBytes, 0);
    if (config.retentionBytes >= 0 && remaining >= config.retentionBytes) {
      let diff = remaining - config.retentionBytes;
      run('retention-bytes', (seg) => {
        if (diff - seg.sizeBytes >= 0) {
          diff -= seg.sizeBytes;
          return true;
        }
        return false;
      });
    }
    if (config.retentionMs >= 0) run('retention-ms', (seg) => now - seg.largestTimestamp > config.retentionMs);
  }
  return { deleteCount: reasons.length, rollFirst: reasons.length > 0 && reasons.length === segments.length, reasons };
}
