import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidRecordError,
  OffsetOutOfRangeError,
  RecordBatchTooLargeError,
  RecordTooLargeError,
  RecordValidationError,
  UnexpectedAppendOffsetError,
} from './errors.js';
import { PartitionLog } from './partition-log.js';
import { parseRecordBatches } from './record-batch.js';
import { buildRecordBatch, decodeBatchRecords } from './records.js';
import { batch, config, kv, makeTempDir, readAll, removeDir } from './testing.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = makeTempDir();
  dir = path.join(root, 'orders.v1-3');
});
afterEach(() => removeDir(root));

const NOW = 1_700_000_000_000;

function open(overrides: Parameters<typeof config>[0] = {}, now = NOW): PartitionLog {
  return PartitionLog.open({ dir, config: config(overrides), now });
}

function produce(log: PartitionLog, n: number, ts = NOW, size = 10): void {
  for (let i = 0; i < n; i++) {
    log.append(batch([{ key: `k${i}`, value: 'v'.repeat(size), timestamp: ts + i }]), { assignOffsets: true, now: NOW });
  }
}

describe('PartitionLog append and read', () => {
  it('assigns offsets as the leader and reads them back', () => {
    const log = open();
    expect(log.logEndOffset).toBe(0);
    const r1 = log.append(batch(kv([['a', '1'], ['b', '2'], ['c', '3']])), { assignOffsets: true, now: NOW, leaderEpoch: 4 });
    expect(r1).toMatchObject({ baseOffset: 0, lastOffset: 2, logAppendTime: -1, recordCount: 3, logStartOffset: 0 });
    const r2 = log.append(batch(kv([['d', '4']])), { assignOffsets: true, now: NOW });
    expect(r2.baseOffset).toBe(3);
    expect(log.logEndOffset).toBe(4);
    expect(readAll(log).map((r) => [r.offset, r.key, r.value])).toEqual([
      [0, 'a', '1'],
      [1, 'b', '2'],
      [2, 'c', '3'],
      [3, 'd', '4'],
    ]);
    const { records } = log.read(1, 10_000);
    const h = parseRecordBatches(records).batches[0];
    expect(h.baseOffset).toBe(0); // the whole batch holding offset 1
    expect(h.partitionLeaderEpoch).toBe(4);
    log.close();
  });

  it('stamps LogAppendTime when the topic says so', () => {
    const log = open({ messageTimestampType: 'LogAppendTime' });
    const r = log.append(batch(kv([['a', '1']], 5)), { assignOffsets: true, now: NOW + 42 });
    expect(r.logAppendTime).toBe(NOW + 42);
    expect(readAll(log)[0].timestamp).toBe(NOW + 42);
    log.close();
  });

  it('returns at least one whole batch even when it exceeds maxBytes, and whole batches only', () => {
    const log = open();
    produce(log, 5, NOW, 100);
    const one = log.read(0, 10);
    expect(parseRecordBatches(one.records).batches).toHaveLength(1);
    const none = log.read(0, 10, { minOneBatch: false });
    expect(none.records.length).toBe(0);
    const size = one.records.length;
    const two = log.read(0, size * 2 + size / 2);
    expect(parseRecordBatches(two.records).batches.map((b) => b.baseOffset)).toEqual([0, 1]);
    log.close();
  });

  it('stops at the high watermark for consumers and at the log end for followers', () => {
    const log = open();
    produce(log, 5);
    const consumer = log.read(0, 1 << 20, { highWatermark: 3 });
    expect(parseRecordBatches(consumer.records).batches.map((b) => b.baseOffset)).toEqual([0, 1, 2]);
    expect(consumer.highWatermark).toBe(3);
    expect(log.read(3, 1 << 20, { highWatermark: 3 }).records.length).toBe(0);
    const follower = log.read(3, 1 << 20, { highWatermark: 3, isolation: 'log-end' });
    expect(parseRecordBatches(follower.records).batches.map((b) => b.baseOffset)).toEqual([3, 4]);
    log.close();
  });

  it('throws OffsetOutOfRange (code 1) below the log start and beyond the log end; the end itself is empty', () => {
    const log = open();
    produce(log, 3);
    expect(log.read(3, 100).records.length).toBe(0);
    expect(() => log.read(4, 100)).toThrow(OffsetOutOfRangeError);
    log.deleteRecordsBefore(2);
    try {
      log.read(1, 100);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(OffsetOutOfRangeError);
      expect((err as OffsetOutOfRangeError).code).toBe(1);
    }
    log.close();
  });

  it('applies Kafka’s leader-side checks', () => {
    const log = open({ maxMessageBytes: 500, segmentBytes: 100_000 });
    expect(() => log.append(batch(kv([['a', '1']]), { baseOffset: 5 }), { assignOffsets: true, now: NOW })).toThrow(
      /baseOffset of the record batch in the append to orders.v1-3 should be 0, but it is 5/,
    );
    expect(() => log.append(batch([{ key: 'a', value: 'x'.repeat(600) }]), { assignOffsets: true, now: NOW })).toThrow(RecordTooLargeError);
    expect(() => log.append(batch(kv([['a', '1']]), { isControl: true }), { assignOffsets: true, now: NOW })).toThrow(
      /Clients are not allowed to write control records/,
    );
    expect(() => log.append(batch(kv([['a', '1'], ['b', '2']]), { lastOffsetDelta: 5 }), { assignOffsets: true, now: NOW })).toThrow(
      /Inconsistent batch offset range/,
    );
    expect(() => log.append(Buffer.concat([batch(kv([['a', '1']])), batch(kv([['b', '1']]))]), { assignOffsets: true, now: NOW })).toThrow(
      InvalidRecordError,
    );
    expect(log.logEndOffset).toBe(0);
    log.close();
    const small = open({ segmentBytes: 100 });
    expect(() => small.append(batch([{ key: 'a', value: 'x'.repeat(200) }]), { assignOffsets: true, now: NOW })).toThrow(RecordBatchTooLargeError);
    small.close();
  });

  it('refuses records without a key on a compacted topic (INVALID_RECORD with per-record errors)', () => {
    const log = open({ cleanupPolicyCompact: true, cleanupPolicyDelete: false });
    try {
      log.append(batch(kv([['a', '1'], [null, '2']])), { assignOffsets: true, now: NOW });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RecordValidationError);
      const e = err as RecordValidationError;
      expect(e.code).toBe(87);
      expect(e.recordErrors).toEqual([{ batchIndex: 1, message: 'Compacted topic cannot accept message without key in topic partition orders.v1-3.' }]);
    }
    expect(log.append(batch(kv([['a', '1']])), { assignOffsets: true, now: NOW }).baseOffset).toBe(0);
    log.close();
  });

  it('refuses timestamps outside message.timestamp.before/after.max.ms (INVALID_TIMESTAMP 32)', () => {
    const log = open({ messageTimestampBeforeMaxMs: 1000, messageTimestampAfterMaxMs: 1000 });
    expect(() => log.append(batch(kv([['a', '1']], NOW - 5000)), { assignOffsets: true, now: NOW })).toThrow(
      expect.objectContaining({ code: 32 }),
    );
    expect(log.append(batch(kv([['a', '1']], NOW - 500)), { assignOffsets: true, now: NOW }).baseOffset).toBe(0);
    log.close();
  });

  it('re-encodes to the topic’s compression.type', () => {
    const log = open({ compressionType: 'gzip' });
    log.append(batch(kv([['a', '1'], ['b', '2']])), { assignOffsets: true, now: NOW });
    const { records } = log.read(0, 1 << 20);
    expect(parseRecordBatches(records).batches[0].compression).toBe(1);
    expect(readAll(log).map((r) => r.value)).toEqual(['1', '2']);
    log.close();
  });

  it('appends a follower’s batches as received, with gaps, and refuses going backwards', () => {
    const log = open();
    const b1 = buildRecordBatch({ baseOffset: 0, records: kv([['a', '1'], ['b', '2']]), partitionLeaderEpoch: 3 });
    const b2 = buildRecordBatch({ baseOffset: 5, records: kv([['c', '3']]), partitionLeaderEpoch: 3 });
    const partial = buildRecordBatch({ baseOffset: 6, records: kv([['d', '4']]) }).subarray(0, 30);
    const r = log.append(Buffer.concat([b1, b2, partial]), { assignOffsets: false, now: NOW });
    expect(r).toMatchObject({ baseOffset: 0, lastOffset: 5, recordCount: 3 });
    expect(log.logEndOffset).toBe(6);
    expect(readAll(log).map((x) => x.offset)).toEqual([0, 1, 5]);
    expect(() => log.append(b2, { assignOffsets: false, now: NOW })).toThrow(UnexpectedAppendOffsetError);
    expect(log.read(2, 1 << 20).records.subarray(0, 8).readBigInt64BE(0)).toBe(5n); // a gap: the next batch
    log.close();
  });
});

describe('PartitionLog segments and indexes', () => {
  it('rolls by segment.bytes and finds offsets through the sparse index', () => {
    const log = open({ segmentBytes: 1000, indexIntervalBytes: 100 });
    produce(log, 60);
    expect(log.numberOfSegments).toBeGreaterThan(4);
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
    expect(names[0]).toBe('00000000000000000000.log');
    expect(names.every((n) => /^\d{20}\.log$/.test(n))).toBe(true);
    for (const offset of [0, 1, 17, 33, 59]) {
      const h = parseRecordBatches(log.read(offset, 1).records).batches[0];
      expect(h.baseOffset).toBe(offset);
    }
    log.close();
    // Index files were written, with 8-byte (offset index) and 12-byte (time index) entries.
    const index = fs.statSync(path.join(dir, names[0].replace('.log', '.index'))).size;
    const timeIndex = fs.statSync(path.join(dir, names[0].replace('.log', '.timeindex'))).size;
    expect(index).toBeGreaterThan(0);
    expect(index % 8).toBe(0);
    expect(timeIndex % 12).toBe(0);
  });

  it('rolls by segment.ms, measured from the first batch’s timestamp', () => {
    const log = open({ segmentMs: 60_000 });
    produce(log, 2, NOW);
    expect(log.numberOfSegments).toBe(1);
    log.append(batch(kv([['late', 'x']], NOW + 60_001)), { assignOffsets: true, now: NOW });
    expect(log.numberOfSegments).toBe(2);
    expect(log.segmentSummaries()[1].baseOffset).toBe(2);
    log.close();
  });

  it('finds the earliest offset whose timestamp is >= a target, across segments', () => {
    const log = open({ segmentBytes: 500, indexIntervalBytes: 50 });
    // timestamps: 1000, 1010, ..., not monotonic in one place
    const ts = Array.from({ length: 40 }, (_, i) => 1000 + i * 10);
    ts[20] = 5000;
    for (let i = 0; i < ts.length; i++) log.append(batch([{ key: 'k', value: 'v', timestamp: ts[i] }]), { assignOffsets: true, now: NOW });
    expect(log.offsetForTimestamp(0)).toMatchObject({ offset: 0, timestamp: 1000 });
    expect(log.offsetForTimestamp(1055)).toMatchObject({ offset: 6, timestamp: 1060 });
    expect(log.offsetForTimestamp(1205)).toMatchObject({ offset: 20, timestamp: 5000 });
    expect(log.offsetForTimestamp(1215)).toMatchObject({ offset: 20, timestamp: 5000 });
    expect(log.offsetForTimestamp(5001)).toBeNull();
    expect(log.offsetOfMaxTimestamp()).toMatchObject({ offset: 20, timestamp: 5000 });
    log.deleteRecordsBefore(25);
    expect(log.offsetForTimestamp(1055)).toMatchObject({ offset: 25 });
    log.close();
  });

  it('finds a record inside a multi-record gzip batch by timestamp', () => {
    const log = open();
    log.append(batch(kv([['a', '1'], ['b', '2'], ['c', '3'], ['d', '4']], 100), { compression: 'gzip' }), { assignOffsets: true, now: NOW });
    expect(log.offsetForTimestamp(102)).toMatchObject({ offset: 2, timestamp: 102 });
    log.close();
  });

  it('truncateTo removes whole batches at and after the offset, across segments', () => {
    const log = open({ segmentBytes: 600 });
    produce(log, 30);
    const before = log.numberOfSegments;
    expect(log.truncateTo(12, NOW)).toBe(12);
    expect(log.numberOfSegments).toBeLessThan(before);
    expect(readAll(log).map((r) => r.offset)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // Appending continues from the new end.
    log.append(batch(kv([['x', 'y']])), { assignOffsets: true, now: NOW });
    expect(readAll(log).at(-1)).toMatchObject({ offset: 12, key: 'x' });
    // Mid-batch: the whole batch goes.
    log.append(batch(kv([['a', '1'], ['b', '2'], ['c', '3']])), { assignOffsets: true, now: NOW });
    expect(log.truncateTo(15, NOW)).toBe(13);
    log.close();
    const reopened = open();
    expect(reopened.logEndOffset).toBe(13);
    reopened.close();
  });

  it('truncateFullyAndStartAt restarts the log at an offset', () => {
    const log = open();
    produce(log, 5);
    log.truncateFullyAndStartAt(100, NOW);
    expect(log.logStartOffset).toBe(100);
    expect(log.logEndOffset).toBe(100);
    expect(log.append(batch(kv([['a', '1']])), { assignOffsets: true, now: NOW }).baseOffset).toBe(100);
    log.close();
    const reopened = open();
    expect([reopened.logStartOffset, reopened.logEndOffset]).toEqual([100, 101]);
    reopened.close();
  });

  it('deleteRecordsBefore moves the log start offset, deletes whole segments below it, and persists it', () => {
    const log = open({ segmentBytes: 600 });
    produce(log, 30);
    const segments = log.numberOfSegments;
    expect(() => log.deleteRecordsBefore(31)).toThrow(OffsetOutOfRangeError);
    expect(() => log.deleteRecordsBefore(20, 10)).toThrow(/larger than the high watermark 10/);
    expect(log.deleteRecordsBefore(17)).toBe(17);
    expect(log.deleteRecordsBefore(5)).toBe(17); // never backwards
    expect(log.numberOfSegments).toBeLessThan(segments);
    expect(log.segmentSummaries()[0].baseOffset).toBeLessThanOrEqual(17);
    expect(readAll(log)[0].offset).toBe(17);
    log.close();
    const reopened = open({ segmentBytes: 600 });
    expect(reopened.logStartOffset).toBe(17);
    expect(reopened.logEndOffset).toBe(30);
    expect(reopened.deleteRecordsBefore(30)).toBe(30);
    expect(reopened.read(30, 100).records.length).toBe(0);
    reopened.close();
  });

  it('flush.messages fsyncs and advances the recovery point in the append path', () => {
    const log = open({ flushMessages: 3 });
    produce(log, 2);
    expect(log.recoveryPoint).toBe(0);
    produce(log, 1);
    expect(log.recoveryPoint).toBe(3);
    log.close();
  });

  it('survives reopening with identical contents and state', () => {
    const log = open({ segmentBytes: 700, indexIntervalBytes: 64 });
    produce(log, 40);
    const before = readAll(log);
    const summaries = log.segmentSummaries();
    log.close();
    const reopened = open({ segmentBytes: 700, indexIntervalBytes: 64 });
    expect(readAll(reopened)).toEqual(before);
    expect(reopened.segmentSummaries().map((s) => [s.baseOffset, s.sizeBytes, s.largestTimestamp])).toEqual(
      summaries.map((s) => [s.baseOffset, s.sizeBytes, s.largestTimestamp]),
    );
    expect(reopened.recoveryPoint).toBe(40);
    produce(reopened, 1);
    expect(reopened.logEndOffset).toBe(41);
    reopened.close();
    expect(decodeBatchRecords(buildRecordBatch({ records: [] }))).toEqual([]);
  });
});
