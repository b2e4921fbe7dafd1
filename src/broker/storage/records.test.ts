import { describe, expect, it } from 'vitest';
import { CorruptRecordError, UnsupportedCompressionTypeError } from './errors.js';
import { ATTRIBUTES_OFFSET, parseRecordBatches, readBatchHeader, writeBatchCrc } from './record-batch.js';
import { buildRecordBatch, decodeBatchRecords, rebuildBatch, walkBatchRecords } from './records.js';

const records = [
  { key: 'a', value: 'one', timestamp: 5000, headers: [{ key: 'trace', value: 'x1' }, { key: 'empty', value: null }] },
  { key: null, value: 'two', timestamp: 4000 },
  { key: 'c', value: null, timestamp: 7000 },
  { key: Buffer.from([0, 255, 1]), value: Buffer.alloc(300, 7), timestamp: -1 },
];

function simple(buf: Buffer) {
  return decodeBatchRecords(buf).map((r) => ({
    offset: r.offset,
    key: r.key?.toString('hex') ?? null,
    value: r.value?.toString('hex') ?? null,
    timestamp: r.timestamp,
    headers: r.headers.map((h) => [h.key, h.value?.toString() ?? null]),
  }));
}

describe('records', () => {
  it('round-trips uncompressed and gzip batches with the same records', () => {
    const plain = buildRecordBatch({ baseOffset: 100, records });
    const gz = buildRecordBatch({ baseOffset: 100, records, compression: 'gzip' });
    expect(readBatchHeader(gz, 0).compression).toBe(1);
    expect(simple(gz)).toEqual(simple(plain));
    const decoded = simple(plain);
    expect(decoded.map((r) => r.offset)).toEqual([100, 101, 102, 103]);
    expect(decoded[0].headers).toEqual([['trace', 'x1'], ['empty', null]]);
    expect(decoded[1].key).toBeNull();
    expect(decoded[2].value).toBeNull();
    expect(decoded.map((r) => r.timestamp)).toEqual([5000, 4000, 7000, -1]);
    const h = readBatchHeader(plain, 0);
    expect(h.maxTimestamp).toBe(7000);
    expect(h.baseTimestamp).toBe(5000);
  });

  it('gzip compresses repetitive payloads', () => {
    const big = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(200), timestamp: i }));
    expect(buildRecordBatch({ records: big, compression: 'gzip' }).length).toBeLessThan(buildRecordBatch({ records: big }).length / 5);
  });

  it('walks records without copying and reports keys and timestamps', () => {
    const plain = buildRecordBatch({ records });
    const seen: [number, number, number][] = [];
    walkBatchRecords(plain, readBatchHeader(plain, 0), (i, delta, ts, keyLength) => {
      seen.push([delta, ts, keyLength]);
      return i < 10;
    });
    expect(seen).toEqual([
      [0, 5000, 1],
      [1, 4000, -1],
      [2, 7000, 1],
      [3, -1, 3],
    ]);
  });

  it('detects a declared record count that does not match the payload', () => {
    const plain = buildRecordBatch({ records });
    const more = Buffer.from(plain);
    more.writeInt32BE(5, 57);
    writeBatchCrc(more, 0, more.length);
    expect(() => decodeBatchRecords(more)).toThrow(/premature EOF/);
    const fewer = Buffer.from(plain);
    fewer.writeInt32BE(3, 57);
    writeBatchCrc(fewer, 0, fewer.length);
    expect(() => decodeBatchRecords(fewer)).toThrow(/records still remaining/);
  });

  it('reports snappy, lz4 and zstd batches as unsupported for decoding, but they still parse', () => {
    for (const codec of [2, 3, 4]) {
      const b = buildRecordBatch({ records });
      b.writeInt16BE(codec, ATTRIBUTES_OFFSET);
      writeBatchCrc(b, 0, b.length);
      expect(parseRecordBatches(b).batches[0].compression).toBe(codec);
      expect(() => decodeBatchRecords(b)).toThrow(UnsupportedCompressionTypeError);
      expect(() => decodeBatchRecords(b)).toThrow(/snappy|lz4|zstd/);
    }
  });

  it('rejects a bad gzip payload as corrupt', () => {
    const b = buildRecordBatch({ records });
    b.writeInt16BE(1, ATTRIBUTES_OFFSET);
    writeBatchCrc(b, 0, b.length);
    expect(() => decodeBatchRecords(b)).toThrow(CorruptRecordError);
  });

  it('rebuilds a batch keeping offsets, last offset delta, producer fields and the delete horizon', () => {
    const original = buildRecordBatch({ baseOffset: 50, records, producerId: 9, producerEpoch: 2, baseSequence: 40, compression: 'gzip' });
    const h = readBatchHeader(original, 0);
    const kept = decodeBatchRecords(original).filter((r) => r.offset !== 51);
    const rebuilt = rebuildBatch(h, kept, 99_000);
    const nh = parseRecordBatches(rebuilt).batches[0];
    expect(nh).toMatchObject({ baseOffset: 50, lastOffset: 53, producerId: 9, producerEpoch: 2, baseSequence: 40, compression: 1, hasDeleteHorizon: true, baseTimestamp: 99_000, recordCount: 3 });
    expect(decodeBatchRecords(rebuilt).map((r) => [r.offset, r.timestamp])).toEqual([
      [50, 5000],
      [52, 7000],
      [53, -1],
    ]);
    const empty = parseRecordBatches(rebuildBatch(h, [])).batches[0];
    expect(empty).toMatchObject({ baseOffset: 50, lastOffset: 53, recordCount: 0, producerId: 9 });
  });
});
