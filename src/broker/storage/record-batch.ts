/**
 * Kafka's magic v2 record batch header (docs/implementation.html §5.3.1): the same bytes on the wire
 * and on disk. Parsing, CRC-32C checking and the leader's in-place rewrite (offsets, leader epoch,
 * LogAppendTime). Records inside a batch are handled by records.ts.
 *
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 *   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 *   producerId int64 | producerEpoch int16 | baseSequence int32 | recordsCount int32 | records...
 *
 * The CRC covers attributes..end; batchLength counts the bytes after the batchLength field.
 */
import { crc32c } from '@node-rs/crc32';
import { readInt64, writeInt64 } from './binary.js';
import { CorruptRecordError } from './errors.js';

export const BASE_OFFSET_OFFSET = 0;
export const LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORDS_COUNT_OFFSET = 57;
/** Size of the batch header; records start here. */
export const RECORD_BATCH_OVERHEAD = 61;
/** baseOffset + batchLength. */
export const LOG_OVERHEAD = 12;
export const CURRENT_MAGIC = 2;
/** Kafka's LegacyRecord.RECORD_OVERHEAD_V0: the smallest size any batch/message can claim. */
export const MIN_RECORD_OVERHEAD = 14;
export const NO_TIMESTAMP = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_FLAG_MASK = 0x10;
export const CONTROL_FLAG_MASK = 0x20;
export const DELETE_HORIZON_FLAG_MASK = 0x40;

export const COMPRESSION_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSION_NAMES)[number];
export type TimestampType = 'CreateTime' | 'LogAppendTime';

export interface RecordBatchHeader {
  /** Position of the batch in the buffer or segment file it was read from. */
  readonly position: number;
  readonly baseOffset: number;
  readonly batchLength: number;
  /** Whole batch size: batchLength + 12. */
  readonly sizeInBytes: number;
  readonly partitionLeaderEpoch: number;
  readonly magic: number;
  readonly crc: number;
  readonly attributes: number;
  /** Codec id 0..4 (5..7 are invalid and rejected when parsed). */
  readonly compression: number;
  readonly timestampType: TimestampType;
  readonly isTransactional: boolean;
  readonly isControl: boolean;
  readonly hasDeleteHorizon: boolean;
  readonly lastOffsetDelta: number;
  readonly lastOffset: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
}

export function compressionName(id: number): CompressionName {
  const name = COMPRESSION_NAMES[id];
  if (name === undefined) throw new CorruptRecordError(`Unknown compression type id: ${id}`);
  return name;
}

/** Decodes the 61-byte header at `pos` (the caller guarantees the bytes are there). No CRC check. */
export function readBatchHeader(buf: Buffer, pos: number, filePosition = pos): RecordBatchHeader {
  const baseOffset = readInt64(buf, pos + BASE_OFFSET_OFFSET);
  const batchLength = buf.readInt32BE(pos + LENGTH_OFFSET);
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  const lastOffsetDelta = buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
  return {
    position: filePosition,
    baseOffset,
    batchLength,
    sizeInBytes: batchLength + LOG_OVERHEAD,
    partitionLeaderEpoch: buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(pos + MAGIC_OFFSET),
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes,
    compression: attributes & COMPRESSION_CODEC_MASK,
    timestampType: (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? 'LogAppendTime' : 'CreateTime',
    isTransactional: (attributes & TRANSACTIONAL_FLAG_MASK) !== 0,
    isControl: (attributes & CONTROL_FLAG_MASK) !== 0,
    hasDeleteHorizon: (attributes & DELETE_HORIZON_FLAG_MASK) !== 0,
    lastOffsetDelta,
    lastOffset: baseOffset + lastOffsetDelta,
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(buf, pos + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORDS_COUNT_OFFSET),
  };
}

/** CRC-32C of attributes..end of the batch at `pos` (size `size`). */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + ATTRIBUTES_OFFSET, pos + size)) >>> 0;
}

export function writeBatchCrc(buf: Buffer, pos: number, size: number): void {
  buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + CRC_OFFSET);
}

/**
 * Structural checks that make a header safe to use (Kafka's ByteBufferLogInputStream + DefaultRecordBatch.ensureValid):
 * size, magic, codec id, offset delta. Does not check the CRC.
 */
export function checkBatchHeader(h: RecordBatchHeader, maxBatchSize = Number.MAX_SAFE_INTEGER): void {
  if (h.batchLength < MIN_RECORD_OVERHEAD) {
    throw new CorruptRecordError(`Record size ${h.batchLength} is less than the minimum record overhead (${MIN_RECORD_OVERHEAD})`);
  }
  if (h.magic !== CURRENT_MAGIC) {
    throw new CorruptRecordError(`Invalid or unsupported magic found in record batch: ${h.magic} (only magic v2 record batches are supported)`);
  }
  if (h.sizeInBytes < RECORD_BATCH_OVERHEAD) {
    throw new CorruptRecordError(`Record batch size ${h.sizeInBytes} is smaller than the v2 batch header (${RECORD_BATCH_OVERHEAD})`);
  }
  if (h.sizeInBytes > maxBatchSize) {
    throw new CorruptRecordError(`Record size ${h.batchLength} exceeds the largest allowable message size (${maxBatchSize}).`);
  }
  if (h.compression > 4) throw new CorruptRecordError(`Unknown compression type id: ${h.compression}`);
  if (h.lastOffsetDelta < 0) throw new CorruptRecordError(`Record batch has a negative last offset delta ${h.lastOffsetDelta}`);
  if (h.recordCount < 0) throw new CorruptRecordError(`Record batch has a negative record count ${h.recordCount}`);
}

export interface ParseBatchesOptions {
  /** Fetch-style input: stop quietly at a partial batch at the end instead of throwing. */
  readonly allowPartialTail?: boolean;
  /** Verify each batch's CRC-32C (default true). */
  readonly verifyCrc?: boolean;
}

export interface ParsedBatches {
  readonly batches: RecordBatchHeader[];
  /** Bytes covered by whole batches (the rest, if any, is a partial trailing batch). */
  readonly validBytes: number;
}

/** Parses every batch header in `buf` (one or more concatenated batches). */
export function parseRecordBatches(buf: Buffer, options: ParseBatchesOptions = {}): ParsedBatches {
  const allowPartialTail = options.allowPartialTail ?? false;
  const verifyCrc = options.verifyCrc ?? true;
  const batches: RecordBatchHeader[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const remaining = buf.length - pos;
    if (remaining < LOG_OVERHEAD) {
      if (allowPartialTail) break;
      throw new CorruptRecordError(`Truncated record batch: ${remaining} trailing bytes at position ${pos} do not hold a batch header`);
    }
    const size = buf.readInt32BE(pos + LENGTH_OFFSET) + LOG_OVERHEAD;
    if (remaining < RECORD_BATCH_OVERHEAD || remaining < size) {
      // Enough to check the declared size and magic of what is there; a bad one is corruption, not a partial batch.
      if (size - LOG_OVERHEAD < MIN_RECORD_OVERHEAD) {
        throw new CorruptRecordError(`Record size ${size - LOG_OVERHEAD} is less than the minimum record overhead (${MIN_RECORD_OVERHEAD})`);
      }
      if (remaining > MAGIC_OFFSET && buf.readInt8(pos + MAGIC_OFFSET) !== CURRENT_MAGIC) {
        throw new CorruptRecordError(`Invalid or unsupported magic found in record batch: ${buf.readInt8(pos + MAGIC_OFFSET)} (only magic v2 record batches are supported)`);
      }
      if (allowPartialTail) break;
      throw new CorruptRecordError(`Truncated record batch at position ${pos}: declared ${size} bytes, ${remaining} present`);
    }
    const header = readBatchHeader(buf, pos);
    checkBatchHeader(header);
    if (verifyCrc) {
      const actual = computeBatchCrc(buf, pos, size);
      if (actual !== header.crc) {
        throw new CorruptRecordError(`Record is corrupt (stored crc = ${header.crc}, computed crc = ${actual})`);
      }
    }
    batches.push(header);
    pos += size;
  }
  return { batches, validBytes: pos };
}

export interface AssignOptions {
  /** Leader epoch to stamp into the batch (not covered by the CRC). */
  readonly leaderEpoch?: number;
  /** When set, the batch becomes LogAppendTime with this maxTimestamp (CRC recomputed). */
  readonly logAppendTime?: number;
  /** CreateTime: the max record timestamp, when the caller recomputed it; rewritten (and CRC recomputed) if it differs. */
  readonly maxTimestamp?: number;
}

/**
 * Leader-side rewrite of the batch at `pos` in `buf`, in place (call it on a copy of the request bytes):
 * baseOffset, partition leader epoch, and LogAppendTime / max timestamp with the CRC recomputed when they change
 * (Kafka's DefaultRecordBatch.setLastOffset / setPartitionLeaderEpoch / setMaxTimestamp).
 */
export function assignBatchOffsets(buf: Buffer, pos: number, baseOffset: number, options: AssignOptions = {}): void {
  writeInt64(buf, baseOffset, pos + BASE_OFFSET_OFFSET);
  if (options.leaderEpoch !== undefined) buf.writeInt32BE(options.leaderEpoch, pos + PARTITION_LEADER_EPOCH_OFFSET);
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  const currentMax = readInt64(buf, pos + MAX_TIMESTAMP_OFFSET);
  let newAttributes = attributes;
  let newMax = currentMax;
  if (options.logAppendTime !== undefined) {
    newAttributes = attributes | TIMESTAMP_TYPE_MASK;
    newMax = options.logAppendTime;
  } else if (options.maxTimestamp !== undefined) {
    newAttributes = attributes & ~TIMESTAMP_TYPE_MASK;
    newMax = options.maxTimestamp;
  }
  if (newAttributes !== attributes || newMax !== currentMax) {
    buf.writeInt16BE(newAttributes, pos + ATTRIBUTES_OFFSET);
    writeInt64(buf, newMax, pos + MAX_TIMESTAMP_OFFSET);
    writeBatchCrc(buf, pos, buf.readInt32BE(pos + LENGTH_OFFSET) + LOG_OVERHEAD);
  }
}
