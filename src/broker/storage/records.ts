/**
 * Records inside a v2 batch (docs/implementation.html §5.3.2): decoding, encoding, gzip (node:zlib),
 * and a small batch builder used by tests, compaction and control records.
 *
 *   length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 *   keyLength varint | key | valueLength varint | value | headersCount varint |
 *   [headerKeyLength varint | headerKey (UTF-8) | headerValueLength varint | headerValue]
 *
 * snappy, lz4 and zstd batches can be stored and served as they are, but not decoded here:
 * decoding one throws UnsupportedCompressionTypeError.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { ByteReader, ByteWriter, writeInt64 } from './binary.js';
import { CorruptRecordError, UnsupportedCompressionTypeError } from './errors.js';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  CONTROL_FLAG_MASK,
  CURRENT_MAGIC,
  DELETE_HORIZON_FLAG_MASK,
  LAST_OFFSET_DELTA_OFFSET,
  LENGTH_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  NO_PARTITION_LEADER_EPOCH,
  NO_TIMESTAMP,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORDS_COUNT_OFFSET,
  RECORD_BATCH_OVERHEAD,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_FLAG_MASK,
  compressionName,
  readBatchHeader,
  writeBatchCrc,
  type RecordBatchHeader,
  type TimestampType,
} from './record-batch.js';

/** Largest decompressed records section we accept (guards against compression bombs). */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export interface RecordHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

export interface LogRecord {
  readonly offset: number;
  readonly offsetDelta: number;
  /** Absolute timestamp (the batch's maxTimestamp for LogAppendTime batches, as Kafka reports it). */
  readonly timestamp: number;
  readonly attributes: number;
  /** Views into the batch (or its decompressed payload); copy them to keep them beyond the batch. */
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

export type Compression = 'none' | 'gzip';

/** The records section of the batch at the start of `batch`, decompressed. */
export function recordsPayload(batch: Buffer, header: RecordBatchHeader = readBatchHeader(batch, 0)): Buffer {
  const raw = batch.subarray(RECORD_BATCH_OVERHEAD, header.sizeInBytes);
  switch (header.compression) {
    case 0:
      return raw;
    case 1:
      try {
        return gunzipSync(raw, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
      } catch (err) {
        throw new CorruptRecordError(`Invalid gzip payload in record batch at offset ${header.baseOffset}: ${(err as Error).message}`);
      }
    default:
      throw new UnsupportedCompressionTypeError(
        `Compression type ${compressionName(header.compression)} is not supported by this broker's storage for reading records ` +
          `(batch at offset ${header.baseOffset}); only none and gzip can be decoded`,
      );
  }
}

/** Visitor form for validation: no key/value copies. Return false to stop. */
export type RecordVisitor = (index: number, offsetDelta: number, timestamp: number, keyLength: number, valueLength: number) => boolean | void;

/**
 * Walks every record of the batch at the start of `batch`, checking the framing exactly as Kafka's
 * DefaultRecord.readFrom / DefaultRecordBatch iteration does (record sizes, header counts, declared count).
 */
export function walkBatchRecords(batch: Buffer, header: RecordBatchHeader, visit: RecordVisitor): void {
  const payload = recordsPayload(batch, header);
  const r = new ByteReader(payload);
  for (let i = 0; i < header.recordCount; i++) {
    if (r.remaining === 0) throw new CorruptRecordError('Incorrect declared batch size, premature EOF reached');
    const length = r.varint();
    const start = r.pos;
    if (length < 0 || length > r.remaining) throw new CorruptRecordError(`Invalid record size ${length}`);
    r.int8();
    const timestampDelta = r.varlong();
    const offsetDelta = r.varint();
    const keyLength = r.varint();
    if (keyLength > 0) r.skip(keyLength);
    const valueLength = r.varint();
    if (valueLength > 0) r.skip(valueLength);
    const headerCount = r.varint();
    if (headerCount < 0) throw new CorruptRecordError(`Found invalid number of record headers ${headerCount}`);
    for (let h = 0; h < headerCount; h++) {
      const hk = r.varint();
      if (hk < 0) throw new CorruptRecordError('Invalid negative header key size ' + hk);
      r.skip(hk);
      const hv = r.varint();
      if (hv > 0) r.skip(hv);
    }
    if (r.pos - start !== length) {
      throw new CorruptRecordError(`Invalid record size: expected to read ${length} bytes in record payload, but instead read ${r.pos - start}`);
    }
    const timestamp = header.timestampType === 'LogAppendTime' ? header.maxTimestamp : header.baseTimestamp + timestampDelta;
    if (visit(i, offsetDelta, timestamp, keyLength, valueLength) === false) return;
  }
  if (r.remaining > 0) throw new CorruptRecordError('Incorrect declared batch size, records still remaining in file');
}

/** Decodes every record of the batch at the start of `batch`. */
export function decodeBatchRecords(batch: Buffer, header: RecordBatchHeader = readBatchHeader(batch, 0)): LogRecord[] {
  const payload = recordsPayload(batch, header);
  const r = new ByteReader(payload);
  const out: LogRecord[] = [];
  for (let i = 0; i < header.recordCount; i++) {
    if (r.remaining === 0) throw new CorruptRecordError('Incorrect declared batch size, premature EOF reached');
    const length = r.varint();
    const start = r.pos;
    const attributes = r.int8();
    const timestampDelta = r.varlong();
    const offsetDelta = r.varint();
    const keyLength = r.varint();
    const key = keyLength < 0 ? null : r.bytes(keyLength);
    const valueLength = r.varint();
    const value = valueLength < 0 ? null : r.bytes(valueLength);
    const headerCount = r.varint();
    if (headerCount < 0) throw new CorruptRecordError(`Found invalid number of record headers ${headerCount}`);
    const headers: RecordHeader[] = [];
    for (let h = 0; h < headerCount; h++) {
      const hk = r.varint();
      if (hk < 0) throw new CorruptRecordError('Invalid null header key found in headers');
      const hkey = r.bytes(hk).toString('utf8');
      const hv = r.varint();
      headers.push({ key: hkey, value: hv < 0 ? null : r.bytes(hv) });
    }
    if (r.pos - start !== length) {
      throw new CorruptRecordError(`Invalid record size: expected to read ${length} bytes in record payload, but instead read ${r.pos - start}`);
    }
    out.push({
      offset: header.baseOffset + offsetDelta,
      offsetDelta,
      timestamp: header.timestampType === 'LogAppendTime' ? header.maxTimestamp : header.baseTimestamp + timestampDelta,
      attributes,
      key,
      value,
      headers,
    });
  }
  if (r.remaining > 0) throw new CorruptRecordError('Incorrect declared batch size, records still remaining in file');
  return out;
}

export interface RecordInput {
  readonly key?: Buffer | string | null;
  readonly value?: Buffer | string | null;
  readonly headers?: readonly { readonly key: string; readonly value: Buffer | string | null }[];
  /** Defaults to 0. */
  readonly timestamp?: number;
  /** Defaults to the record's index in the batch. */
  readonly offsetDelta?: number;
}

export interface BuildRecordBatchOptions {
  readonly baseOffset?: number;
  readonly records: readonly RecordInput[];
  readonly compression?: Compression;
  readonly timestampType?: TimestampType;
  /** LogAppendTime batches: the broker time written as maxTimestamp. */
  readonly logAppendTime?: number;
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
  readonly partitionLeaderEpoch?: number;
  readonly isTransactional?: boolean;
  readonly isControl?: boolean;
  /** Compaction: sets the delete-horizon flag and stores the horizon as baseTimestamp (KIP-534). */
  readonly deleteHorizonMs?: number;
  /** Overrides the last offset delta (compaction keeps the original batch's). */
  readonly lastOffsetDelta?: number;
  /** Timestamps of an empty batch (defaults to -1). */
  readonly emptyBatchTimestamp?: number;
}

function toBytes(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function encodeRecord(w: ByteWriter, scratch: ByteWriter, rec: RecordInput, offsetDelta: number, timestampDelta: number): void {
  const key = toBytes(rec.key);
  const value = toBytes(rec.value);
  scratch.reset();
  scratch.int8(0).varlong(timestampDelta).varint(offsetDelta);
  if (key === null) scratch.varint(-1);
  else scratch.varint(key.length).bytes(key);
  if (value === null) scratch.varint(-1);
  else scratch.varint(value.length).bytes(value);
  const headers = rec.headers ?? [];
  scratch.varint(headers.length);
  for (const h of headers) {
    const hk = Buffer.from(h.key, 'utf8');
    scratch.varint(hk.length).bytes(hk);
    const hv = toBytes(h.value);
    if (hv === null) scratch.varint(-1);
    else scratch.varint(hv.length).bytes(hv);
  }
  const body = scratch.result();
  w.varint(body.length).bytes(body);
}

/** Builds one v2 record batch with a valid CRC. */
export function buildRecordBatch(options: BuildRecordBatchOptions): Buffer {
  const records = options.records;
  const timestampType = options.timestampType ?? 'CreateTime';
  const codec = options.compression ?? 'none';
  const timestamps = records.map((r) => r.timestamp ?? 0);
  const deltas = records.map((r, i) => r.offsetDelta ?? i);
  let baseTimestamp: number;
  let maxTimestamp: number;
  if (records.length === 0) {
    baseTimestamp = maxTimestamp = options.emptyBatchTimestamp ?? NO_TIMESTAMP;
  } else {
    baseTimestamp = options.deleteHorizonMs ?? timestamps[0];
    maxTimestamp = timestampType === 'LogAppendTime' ? (options.logAppendTime ?? NO_TIMESTAMP) : timestamps.reduce((a, b) => Math.max(a, b));
  }
  const body = new ByteWriter(64 + records.length * 32);
  const scratch = new ByteWriter(64);
  records.forEach((rec, i) => encodeRecord(body, scratch, rec, deltas[i], timestamps[i] - baseTimestamp));
  const payload = codec === 'gzip' ? gzipSync(body.result()) : body.result();

  const size = RECORD_BATCH_OVERHEAD + payload.length;
  const buf = Buffer.alloc(size);
  let attributes = codec === 'gzip' ? 1 : 0;
  if (timestampType === 'LogAppendTime') attributes |= TIMESTAMP_TYPE_MASK;
  if (options.isTransactional) attributes |= TRANSACTIONAL_FLAG_MASK;
  if (options.isControl) attributes |= CONTROL_FLAG_MASK;
  if (options.deleteHorizonMs !== undefined && records.length > 0) attributes |= DELETE_HORIZON_FLAG_MASK;
  const lastOffsetDelta = options.lastOffsetDelta ?? (deltas.length > 0 ? deltas[deltas.length - 1] : 0);

  writeInt64(buf, options.baseOffset ?? 0, BASE_OFFSET_OFFSET);
  buf.writeInt32BE(size - LOG_OVERHEAD, LENGTH_OFFSET);
  buf.writeInt32BE(options.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH, PARTITION_LEADER_EPOCH_OFFSET);
  buf.writeInt8(CURRENT_MAGIC, MAGIC_OFFSET);
  buf.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  buf.writeInt32BE(lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(buf, baseTimestamp, BASE_TIMESTAMP_OFFSET);
  writeInt64(buf, maxTimestamp, MAX_TIMESTAMP_OFFSET);
  writeInt64(buf, options.producerId ?? -1, PRODUCER_ID_OFFSET);
  buf.writeInt16BE(options.producerEpoch ?? -1, PRODUCER_EPOCH_OFFSET);
  buf.writeInt32BE(options.baseSequence ?? -1, BASE_SEQUENCE_OFFSET);
  buf.writeInt32BE(records.length, RECORDS_COUNT_OFFSET);
  payload.copy(buf, RECORD_BATCH_OVERHEAD);
  writeBatchCrc(buf, 0, size);
  return buf;
}

/**
 * Re-encodes a batch keeping only `retained` of its records (log compaction, Kafka's
 * MemoryRecords.buildRetainedRecordsInto): same base offset, last offset delta, producer fields,
 * leader epoch, codec and timestamp type; offsets are never renumbered.
 */
export function rebuildBatch(original: RecordBatchHeader, retained: readonly LogRecord[], deleteHorizonMs?: number): Buffer {
  const codec = original.compression === 1 ? 'gzip' : 'none';
  if (original.compression > 1) {
    throw new UnsupportedCompressionTypeError(`Cannot re-encode a ${compressionName(original.compression)} batch`);
  }
  return buildRecordBatch({
    baseOffset: original.baseOffset,
    records: retained.map((r) => ({
      key: r.key,
      value: r.value,
      headers: r.headers,
      timestamp: r.timestamp,
      offsetDelta: r.offset - original.baseOffset,
    })),
    compression: codec,
    timestampType: original.timestampType,
    logAppendTime: original.timestampType === 'LogAppendTime' ? original.maxTimestamp : undefined,
    producerId: original.producerId,
    producerEpoch: original.producerEpoch,
    baseSequence: original.baseSequence,
    partitionLeaderEpoch: original.partitionLeaderEpoch,
    isTransactional: original.isTransactional,
    isControl: original.isControl,
    deleteHorizonMs,
    lastOffsetDelta: original.lastOffsetDelta,
    emptyBatchTimestamp: original.maxTimestamp,
  });
}
