import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLEANER_OFFSET_FILE } from './checkpoint.js';
import { planCompaction } from './compaction.js';
import { PartitionLog } from './partition-log.js';
import { parseRecordBatches } from './record-batch.js';
import type { SegmentSummary } from './retention.js';
import { batch, config, makeTempDir, readAll, removeDir } from './testing.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = makeTempDir();
  dir = path.join(root, 'users-0');
});
afterEach(() => removeDir(root));

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const COMPACT = { segmentBytes: 400, cleanupPolicyCompact: true, cleanupPolicyDelete: false, minCleanableDirtyRatio: 0 };

function open(overrides: Parameters<typeof config>[0] = {}): PartitionLog {
  return PartitionLog.open({ dir, config: config({ ...COMPACT, ...overrides }), now: T0 });
}

function put(log: PartitionLog, key: string, value: string | null, ts = T0): number {
  return log.append(batch([{ key, value, timestamp: ts }]), { assignOffsets: true, now: ts }).baseOffset;
}

/** Latest value per key as a consumer reading the whole log would compute it. */
function view(log: PartitionLog): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const r of readAll(log)) m.set(r.key!, r.value);
  return m;
}

describe('compaction', () => {
  it('keeps the latest record per key in closed segments, with their original offsets', () => {
    const log = open();
    const latest = new Map<string, number>();
    for (let i = 0; i < 60; i++) latest.set(`k${i % 5}`, put(log, `k${i % 5}`, `v${i}`));
    const activeBase = log.segmentSummaries().at(-1)!.baseOffset;
    const before = view(log);
    const sizeBefore = log.sizeBytes;

    const result = log.runCompaction(T0);
    expect(result?.stats?.segmentsCleaned).toBeGreaterThan(0);
    expect(view(log)).toEqual(before);
    expect(log.sizeBytes).toBeLessThan(sizeBefore);
    const records = readAll(log);
    const cleaned = records.filter((r) => r.offset < activeBase);
    // One record per key among the cleaned ones, and each is the key's latest below the active segment.
    expect(new Set(cleaned.map((r) => r.key)).size).toBe(cleaned.length);
    for (const r of cleaned) expect(r.value).toBe(`v${r.offset}`);
    // The active segment is untouched.
    expect(records.filter((r) => r.offset >= activeBase).map((r) => r.offset)).toEqual(
      Array.from({ length: 60 - activeBase }, (_, i) => activeBase + i),
    );
    expect(log.logStartOffset).toBe(0);
    expect(log.logEndOffset).toBe(60);
    expect(fs.readFileSync(path.join(dir, CLEANER_OFFSET_FILE), 'utf8')).toBe(`0\n${activeBase}\n`);
    // A second pass has nothing new to do.
    expect(log.runCompaction(T0)?.stats).toBeNull();
    log.close();
    const reopened = open();
    expect(readAll(reopened)).toEqual(records);
    reopened.close();
  });

  it('keeps tombstones for delete.retention.ms after they were first cleaned, then drops them', () => {
    const log = open({ deleteRetentionMs: DAY });
    put(log, 'a', '1');
    put(log, 'b', '1');
    put(log, 'a', null); // tombstone for a
    for (let i = 0; i < 20; i++) put(log, `x${i}`, 'filler');
    log.runCompaction(T0);
    let recs = readAll(log);
    expect(recs.filter((r) => r.key === 'a')).toEqual([expect.objectContaining({ offset: 2, value: null })]);
    const tombstoneBatch = parseRecordBatches(log.read(2, 1).records).batches[0];
    expect(tombstoneBatch.hasDeleteHorizon).toBe(true);
    expect(tombstoneBatch.baseTimestamp).toBe(T0 + DAY);

    // More dirty data so the cleaner runs again, before the horizon: the tombstone stays.
    for (let i = 0; i < 20; i++) put(log, `y${i}`, 'filler', T0 + DAY - 10);
    log.runCompaction(T0 + DAY - 1);
    expect(readAll(log).filter((r) => r.key === 'a')).toHaveLength(1);

    // After the horizon it disappears; b stays.
    for (let i = 0; i < 20; i++) put(log, `z${i}`, 'filler', T0 + DAY + 10);
    log.runCompaction(T0 + DAY + 1);
    recs = readAll(log);
    expect(recs.filter((r) => r.key === 'a')).toEqual([]);
    expect(recs.find((r) => r.key === 'b')).toMatchObject({ offset: 1, value: '1' });
    log.close();
  });

  it('decompresses and recompresses gzip batches', () => {
    const log = open();
    for (let round = 0; round < 8; round++) {
      const records = Array.from({ length: 4 }, (_, i) => ({ key: `k${i}`, value: `r${round}`, timestamp: T0 + round }));
      log.append(batch(records, { compression: 'gzip' }), { assignOffsets: true, now: T0 });
    }
    for (let i = 0; i < 10; i++) put(log, `other${i}`, 'x');
    const before = view(log);
    log.runCompaction(T0);
    expect(view(log)).toEqual(before);
    const { records } = log.read(0, 1 << 20);
    const batches = parseRecordBatches(records).batches;
    expect(batches.filter((b) => b.recordCount > 0 && b.baseOffset < 32).every((b) => b.compression === 1)).toBe(true);
    expect(readAll(log).filter((r) => r.key === 'k0').map((r) => r.value)).toEqual(['r7']);
    log.close();
  });

  it('honours min.compaction.lag.ms, min.cleanable.dirty.ratio and max.compaction.lag.ms', () => {
    const log = open({ minCompactionLagMs: DAY });
    for (let i = 0; i < 40; i++) put(log, `k${i % 3}`, `v${i}`, T0);
    expect(log.runCompaction(T0 + 1)?.stats).toBeNull(); // too young
    expect(log.runCompaction(T0 + DAY + 1)?.stats?.segmentsCleaned).toBeGreaterThan(0);
    log.close();

    const summaries: SegmentSummary[] = [
      { baseOffset: 0, sizeBytes: 900, largestTimestamp: 10, firstBatchTimestamp: 5 },
      { baseOffset: 100, sizeBytes: 100, largestTimestamp: 20, firstBatchTimestamp: 15 },
      { baseOffset: 200, sizeBytes: 50, largestTimestamp: 30, firstBatchTimestamp: 25 },
    ];
    const pos = { logStartOffset: 0, logEndOffset: 250, highWatermark: 250 };
    const base = config({ cleanupPolicyCompact: true, minCleanableDirtyRatio: 0.5 });
    const plan = planCompaction(summaries, base, 100, pos, 100);
    expect(plan).toMatchObject({ firstDirtyOffset: 100, firstUncleanableOffset: 200, cleanBytes: 900, cleanableBytes: 100, shouldClean: false });
    expect(plan.cleanableRatio).toBeCloseTo(0.1);
    const forced = planCompaction(summaries, { ...base, maxCompactionLagMs: 50 }, 100, pos, 100);
    expect(forced).toMatchObject({ needCompactionNow: true, shouldClean: true });
    const hwBound = planCompaction(summaries, { ...base, minCleanableDirtyRatio: 0 }, 100, { ...pos, highWatermark: 150 }, null);
    expect(hwBound).toMatchObject({ firstDirtyOffset: 0, firstUncleanableOffset: 100 });
    const reset = planCompaction(summaries, base, 100, { ...pos, logStartOffset: 120 }, 50);
    expect(reset.firstDirtyOffset).toBe(120);
  });

  it('keeps an idempotent producer’s last batch as an empty batch when all its records are superseded', () => {
    const log = open();
    log.append(batch([{ key: 'p', value: 'old', timestamp: T0 }], { producerId: 77, producerEpoch: 0, baseSequence: 0 }), {
      assignOffsets: true,
      now: T0,
    });
    for (let i = 0; i < 30; i++) put(log, 'p', `new${i}`);
    log.runCompaction(T0);
    const first = parseRecordBatches(log.read(0, 1).records).batches[0];
    expect(first).toMatchObject({ baseOffset: 0, lastOffset: 0, producerId: 77, recordCount: 0 });
    expect(readAll(log).filter((r) => r.offset === 0)).toEqual([]);
    log.close();
  });
});
