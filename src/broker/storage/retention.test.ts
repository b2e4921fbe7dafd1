import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.js';
import { planRetention, type SegmentSummary } from './retention.js';
import { batch, config, makeTempDir, readAll, removeDir } from './testing.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = makeTempDir();
  dir = path.join(root, 'metrics-0');
});
afterEach(() => removeDir(root));

const HOUR = 3_600_000;
const T0 = 1_700_000_000_000;

function open(overrides: Parameters<typeof config>[0] = {}): PartitionLog {
  return PartitionLog.open({ dir, config: config({ segmentBytes: 400, ...overrides }), now: T0 });
}

/** 10 records per simulated hour, `hours` hours starting at T0; segments roll by size. */
function produceHours(log: PartitionLog, hours: number): void {
  for (let h = 0; h < hours; h++) {
    for (let i = 0; i < 10; i++) {
      log.append(batch([{ key: `k${i}`, value: `h${h}-${i}`, timestamp: T0 + h * HOUR + i }]), { assignOffsets: true, now: T0 + h * HOUR });
    }
  }
}

describe('retention', () => {
  it('deletes whole segments older than retention.ms and advances the log start offset', () => {
    const log = open({ retentionMs: 3 * HOUR });
    produceHours(log, 6);
    const segments = log.segmentSummaries();
    const now = T0 + 6 * HOUR;
    const expired = segments.filter((s, i) => i < segments.length - 1 && now - s.largestTimestamp > 3 * HOUR);
    expect(expired.length).toBeGreaterThan(0);
    const r = log.runRetention(now);
    expect(r.deletedSegments).toBe(expired.length);
    expect(r.reasons.every((x) => x === 'retention-ms')).toBe(true);
    expect(log.logStartOffset).toBe(segments[expired.length].baseOffset);
    const remaining = readAll(log);
    expect(remaining[0].offset).toBe(log.logStartOffset);
    // Every record older than the retention is gone unless it shares a segment with a younger one.
    expect(remaining.every((rec) => now - rec.timestamp <= 3 * HOUR + HOUR)).toBe(true);
    expect(log.logEndOffset).toBe(60);
    log.close();
    const reopened = open({ retentionMs: 3 * HOUR });
    expect(reopened.logStartOffset).toBe(segments[expired.length].baseOffset);
    reopened.close();
  });

  it('deletes the oldest segments while the partition exceeds retention.bytes', () => {
    const log = open({ retentionBytes: 1000 });
    produceHours(log, 3);
    const total = log.sizeBytes;
    expect(total).toBeGreaterThan(1000);
    const r = log.runRetention(T0);
    expect(r.deletedSegments).toBeGreaterThan(0);
    expect(r.reasons.every((x) => x === 'retention-bytes')).toBe(true);
    expect(log.sizeBytes).toBeLessThanOrEqual(1000 + 400);
    expect(log.sizeBytes).toBeGreaterThan(1000 - 400);
    expect(log.logStartOffset).toBe(log.segmentSummaries()[0].baseOffset);
    log.close();
  });

  it('rolls and deletes everything once even the active segment has expired; appends continue at the end', () => {
    const log = open({ retentionMs: HOUR, segmentBytes: 1 << 20 });
    produceHours(log, 1);
    expect(log.numberOfSegments).toBe(1);
    const r = log.runRetention(T0 + 3 * HOUR);
    expect(r.deletedSegments).toBe(1);
    expect(log.numberOfSegments).toBe(1);
    expect([log.logStartOffset, log.logEndOffset, log.sizeBytes]).toEqual([10, 10, 0]);
    expect(log.append(batch([{ key: 'a', value: 'b', timestamp: T0 + 3 * HOUR }]), { assignOffsets: true, now: T0 }).baseOffset).toBe(10);
    expect(log.runRetention(T0 + 3 * HOUR).deletedSegments).toBe(0);
    log.close();
  });

  it('never deletes beyond the high watermark, and does nothing time- or size-based on compact-only topics', () => {
    const log = open({ retentionMs: HOUR });
    produceHours(log, 4);
    expect(log.runRetention(T0 + 10 * HOUR, 0).deletedSegments).toBe(0);
    log.updateConfig(config({ segmentBytes: 400, retentionMs: HOUR, retentionBytes: 10, cleanupPolicyDelete: false, cleanupPolicyCompact: true }));
    expect(log.runRetention(T0 + 10 * HOUR).deletedSegments).toBe(0);
    log.close();
  });

  it('plans deletions in Kafka’s order: log start offset, then size, then time', () => {
    const seg = (baseOffset: number, sizeBytes: number, largestTimestamp: number): SegmentSummary => ({
      baseOffset,
      sizeBytes,
      largestTimestamp,
      firstBatchTimestamp: largestTimestamp,
    });
    const segments = [seg(0, 100, 10), seg(10, 100, 20), seg(20, 100, 30), seg(30, 100, 40), seg(40, 50, 50)];
    const pos = { logStartOffset: 12, logEndOffset: 45, highWatermark: 45 };
    const plan = planRetention(segments, config({ retentionBytes: 250, retentionMs: 15 }), 50, pos);
    expect(plan.reasons).toEqual(['log-start-offset', 'retention-bytes', 'retention-ms']);
    expect(plan.rollFirst).toBe(false);
    const all = planRetention(segments, config({ retentionMs: 0 }), 1000, pos);
    expect(all).toMatchObject({ deleteCount: 5, rollFirst: true });
    const hw = planRetention(segments, config({ retentionMs: 0 }), 1000, { ...pos, highWatermark: 25 });
    expect(hw.deleteCount).toBe(2);
    const emptyLast = planRetention([seg(0, 100, 1), seg(10, 0, -1)], config({ retentionMs: 0 }), 1000, { logStartOffset: 0, logEndOffset: 10, highWatermark: 10 });
    expect(emptyLast).toMatchObject({ deleteCount: 1, rollFirst: false });
  });
});
