import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from './errors.js';
import {
  CRC_OFFSET,
  assignBatchOffsets,
  computeBatchCrc,
  parseRecordBatches,
  readBatchHeader,
} from './record-batch.js';
import { buildRecordBatch, decodeBatchRecords } from './records.js';

/**
 * A v2 batch as kafkajs 2.2.4 encodes it (independent implementation, its own CRC-32C):
 * two records, {key "k1", value "hello", header h=x, ts 1700000000000} and {key null, value "world", ts +5}.
 */
const KNOWN_HEX =
  '0000000000000000' + // baseOffset 0
  '0000004f' + // batchLength 79
  '00000000' + // partitionLeaderEpoch 0
  '02' + // magic 2
  'f7d2ac76' + // crc
  '0000' + // attributes: no compression, CreateTime
  '00000001' + // lastOffsetDelta 1
  '0000018bcfe56800' + // baseTimestamp 1700000000000
  '0000018bcfe56805' + // maxTimestamp 1700000000005
  'ffffffffffffffff' + // producerId -1
  '0000' + // producerEpoch 0
  '00000000' + // baseSequence 0
  '00000002' + // records count 2
  '22' + '00' + '00' + '00' + '04' + '6b31' + '0a' + '68656c6c6f' + '02' + '02' + '68' + '02' + '78' + // record 0 (length 17)
  '16' + '00' + '0a' + '02' + '01' + '0a' + '776f726c64' + '00'; // record 1 (length 11), null key
const KNOWN = Buffer.from(KNOWN_HEX, 'hex');

describe('record batch header', () => {
  it('parses every header field of a known batch and checks its CRC', () => {
    const { batches, validBytes } = parseRecordBatches(KNOWN);
    expect(validBytes).toBe(91);
    expect(batches).toHaveLength(1);
    const h = batches[0];
    expect(h).toMatchObject({
      baseOffset: 0,
      batchLength: 79,
      sizeInBytes: 91,
      partitionLeaderEpoch: 0,
      magic: 2,
      crc: 0xf7d2ac76,
      compression: 0,
      timestampType: 'CreateTime',
      isTransactional: false,
      isControl: false,
      lastOffsetDelta: 1,
      lastOffset: 1,
      baseTimestamp: 1700000000000,
      maxTimestamp: 1700000000005,
      producerId: -1,
      producerEpoch: 0,
      baseSequence: 0,
      recordCount: 2,
    });
    expect(computeBatchCrc(KNOWN, 0, 91)).toBe(0xf7d2ac76);
  });

  it('decodes its records', () => {
    const records = decodeBatchRecords(KNOWN);
    expect(records.map((r) => [r.offset, r.key?.toString() ?? null, r.value?.toString(), r.timestamp])).toEqual([
      [0, 'k1', 'hello', 1700000000000],
      [1, null, 'world', 1700000000005],
    ]);
    expect(records[0].headers.map((h) => [h.key, h.value?.toString()])).toEqual([['h', 'x']]);
  });

  it('the builder produces exactly the same bytes', () => {
    const built = buildRecordBatch({
      records: [
        { key: 'k1', value: 'hello', headers: [{ key: 'h', value: 'x' }], timestamp: 1700000000000 },
        { key: null, value: 'world', timestamp: 1700000000005 },
      ],
      producerId: -1,
      producerEpoch: 0,
      baseSequence: 0,
      partitionLeaderEpoch: 0,
    });
    expect(built.toString('hex')).toBe(KNOWN_HEX);
  });

  it('rejects any flipped byte covered by the CRC', () => {
    for (const pos of [21, 30, 61, 70, 90]) {
      const bad = Buffer.from(KNOWN);
      bad[pos] ^= 0x01;
      expect(() => parseRecordBatches(bad), `byte ${pos}`).toThrow(CorruptRecordError);
    }
    const badCrc = Buffer.from(KNOWN);
    badCrc[CRC_OFFSET] ^= 0x80;
    expect(() => parseRecordBatches(badCrc)).toThrow(/Record is corrupt/);
  });

  it('rejects magic other than 2 and undersized batches', () => {
    const v1 = Buffer.from(KNOWN);
    v1[16] = 1;
    expect(() => parseRecordBatches(v1)).toThrow(/magic/);
    const tiny = Buffer.from(KNOWN);
    tiny.writeInt32BE(5, 8);
    expect(() => parseRecordBatches(tiny)).toThrow(/less than the minimum record overhead/);
  });

  it('rejects a truncated batch, but leaves a partial trailing batch alone for fetch-style buffers', () => {
    const two = Buffer.concat([KNOWN, KNOWN]);
    const cut = two.subarray(0, 91 + 40);
    expect(() => parseRecordBatches(cut)).toThrow(CorruptRecordError);
    const partial = parseRecordBatches(cut, { allowPartialTail: true });
    expect(partial.batches).toHaveLength(1);
    expect(partial.validBytes).toBe(91);
    const tinyTail = parseRecordBatches(two.subarray(0, 91 + 5), { allowPartialTail: true });
    expect(tinyTail.batches).toHaveLength(1);
  });

  it('assigns offsets in place, keeps the CRC valid, and stamps LogAppendTime', () => {
    const copy = Buffer.from(KNOWN);
    assignBatchOffsets(copy, 0, 1234567890123, { leaderEpoch: 7 });
    let h = parseRecordBatches(copy).batches[0];
    expect(h.baseOffset).toBe(1234567890123);
    expect(h.lastOffset).toBe(1234567890124);
    expect(h.partitionLeaderEpoch).toBe(7);
    expect(h.crc).toBe(0xf7d2ac76); // neither baseOffset nor the epoch is covered by the CRC

    assignBatchOffsets(copy, 0, 10, { logAppendTime: 1800000000000 });
    h = parseRecordBatches(copy).batches[0];
    expect(h.timestampType).toBe('LogAppendTime');
    expect(h.maxTimestamp).toBe(1800000000000);
    expect(decodeBatchRecords(copy).map((r) => r.timestamp)).toEqual([1800000000000, 1800000000000]);
    expect(readBatchHeader(KNOWN, 0).baseOffset).toBe(0); // the original is untouched
  });
});
