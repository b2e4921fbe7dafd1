/**
 * What Kafka checks before bytes reach a segment (UnifiedLog.analyzeAndValidateRecords and LogValidator),
 * and the leader's offset assignment. Pure: takes bytes and context, returns the bytes to write.
 *
 * Leader (client) appends: exactly one batch, baseOffset 0, size <= max.message.bytes, CRC, Kafka's batch checks
 * (offset range vs record count, no control batch, sequence when idempotent), record framing, keys on compacted
 * topics, timestamp bounds; then offsets, leader epoch and LogAppendTime are written into a copy.
 * Follower appends: CRC, offsets increasing and not below the log end offset; a partial trailing batch is dropped.
 */
import {
  CorruptRecordError,
  InvalidRecordError,
  RecordBatchTooLargeError,
  RecordTooLargeError,
  RecordValidationError,
  UnexpectedAppendOffsetError,
  UnsupportedCompressionTypeError,
  type RecordError,
} from './errors.js';
import type { LogConfig } from './log-config.js';
import {
  NO_TIMESTAMP,
  assignBatchOffsets,
  compressionName,
  computeBatchCrc,
  parseRecordBatches,
  readBatchHeader,
  type RecordBatchHeader,
} from './record-batch.js';
import { buildRecordBatch, decodeBatchRecords, walkBatchRecords } from './records.js';

export type AppendOrigin = 'client' | 'internal';

export interface ValidatedAppend {
  /** Bytes to write: whole batches with their final offsets. */
  readonly buffer: Buffer;
  /** Headers of `buffer`'s batches (positions relative to `buffer`). */
  readonly batches: readonly RecordBatchHeader[];
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly recordCount: number;
  readonly maxTimestamp: number;
  readonly offsetOfMaxTimestamp: number;
  /** The broker time written into LogAppendTime batches, -1 for CreateTime (ProduceResponse's LogAppendTimeMs). */
  readonly logAppendTime: number;
}

export interface LeaderAppendContext {
  readonly config: LogConfig;
  readonly topicPartition: string;
  readonly nextOffset: number;
  readonly now: number;
  readonly leaderEpoch?: number;
  readonly origin?: AppendOrigin;
}

function formatRecordErrors(errors: readonly RecordError[]): string {
  return '[' + errors.slice(0, 3).map((e) => `RecordError(batchIndex=${e.batchIndex}, message='${e.message}')`).join(', ') + ']';
}

function throwRecordErrors(errors: readonly { code: 87 | 32; error: RecordError }[]): void {
  if (errors.length === 0) return;
  const list = errors.map((e) => e.error);
  if (errors.some((e) => e.code === 32)) {
    throw new RecordValidationError(32, 'One or more records have been rejected due to invalid timestamp', list);
  }
  throw new RecordValidationError(
    87,
    `One or more records have been rejected due to ${list.length} record errors in total, and only showing the first three errors at most: ${formatRecordErrors(list)}`,
    list,
  );
}

/** Kafka's LogValidator.validateBatch for client appends. */
function validateClientBatch(h: RecordBatchHeader, tp: string): void {
  const last = h.baseOffset + h.lastOffsetDelta;
  const countFromOffsets = h.lastOffsetDelta + 1;
  if (countFromOffsets <= 0) throw new InvalidRecordError(`Batch has an invalid offset range: [${h.baseOffset}, ${last}] in topic partition ${tp}.`);
  if (h.recordCount <= 0) throw new InvalidRecordError(`Invalid reported count for record batch: ${h.recordCount} in topic partition ${tp}.`);
  if (countFromOffsets !== h.recordCount) {
    throw new InvalidRecordError(`Inconsistent batch offset range [${h.baseOffset}, ${last}] and count of records ${h.recordCount} in topic partition ${tp}.`);
  }
  if (h.isControl) throw new InvalidRecordError(`Clients are not allowed to write control records in topic partition ${tp}.`);
  if (h.producerId >= 0 && h.baseSequence < 0) {
    throw new InvalidRecordError(`Invalid sequence number ${h.baseSequence} in record batch with producerId ${h.producerId} in topic partition ${tp}.`);
  }
}

/**
 * Record-level checks (Kafka's validateKey / validateTimestamp). Returns the max record timestamp and the offset delta
 * of the first record carrying it, or null when the codec cannot be decoded and no check needs the records.
 */
function validateRecords(batch: Buffer, h: RecordBatchHeader, ctx: LeaderAppendContext): { maxTimestamp: number; maxDelta: number } | null {
  const cfg = ctx.config;
  const checkTimestamps = cfg.messageTimestampType === 'CreateTime' && (cfg.messageTimestampBeforeMaxMs < 9e18 || cfg.messageTimestampAfterMaxMs < 9e18);
  if (h.compression > 1) {
    if (cfg.cleanupPolicyCompact || checkTimestamps) {
      throw new UnsupportedCompressionTypeError(
        `Compression type ${compressionName(h.compression)} is not supported on topic partition ${ctx.topicPartition}: ` +
          'this broker must decode records to validate keys or timestamps and can only decode none and gzip',
      );
    }
    return null;
  }
  const errors: { code: 87 | 32; error: RecordError }[] = [];
  let maxTimestamp = NO_TIMESTAMP;
  let maxDelta = 0;
  const lo = ctx.now - cfg.messageTimestampBeforeMaxMs;
  const hi = ctx.now + cfg.messageTimestampAfterMaxMs;
  walkBatchRecords(batch, h, (i, offsetDelta, timestamp, keyLength) => {
    // At most one error per record: the key's first, then the timestamp's (Kafka's validateRecord).
    if (cfg.cleanupPolicyCompact && keyLength < 0) {
      errors.push({ code: 87, error: { batchIndex: i, message: `Compacted topic cannot accept message without key in topic partition ${ctx.topicPartition}.` } });
    } else if (checkTimestamps && timestamp !== NO_TIMESTAMP && (timestamp < lo || timestamp > hi)) {
      errors.push({
        code: 32,
        error: { batchIndex: i, message: `Timestamp ${timestamp} of message with offset ${offsetDelta} is out of range. The timestamp should be within [${lo}, ${hi}]` },
      });
    } else if (h.timestampType === 'LogAppendTime') {
      errors.push({ code: 32, error: { batchIndex: i, message: 'Invalid timestamp type in message. Producer should not set timestamp type to LogAppendTime.' } });
    }
    if (timestamp > maxTimestamp) {
      maxTimestamp = timestamp;
      maxDelta = offsetDelta;
    }
  });
  throwRecordErrors(errors);
  return { maxTimestamp, maxDelta };
}

/** Target codec for compression.type, or null to keep the producer's. */
function targetCodec(config: LogConfig, source: number): 'none' | 'gzip' | null {
  if (config.compressionType === 'uncompressed' && source !== 0) return 'none';
  if (config.compressionType === 'gzip' && source !== 1) return 'gzip';
  return null;
}

/** Validates a leader append and assigns offsets from `ctx.nextOffset`. Throws typed StorageErrors. */
export function validateLeaderAppend(input: Buffer, ctx: LeaderAppendContext): ValidatedAppend {
  const tp = ctx.topicPartition;
  const origin = ctx.origin ?? 'client';
  const { batches } = parseRecordBatches(input, { verifyCrc: false });
  if (batches.length === 0) throw new InvalidRecordError('Record batch has no batches at all');
  const h = batches[0];
  if (origin === 'client' && h.baseOffset !== 0) {
    throw new InvalidRecordError(`The baseOffset of the record batch in the append to ${tp} should be 0, but it is ${h.baseOffset}`);
  }
  if (h.sizeInBytes > ctx.config.maxMessageBytes) {
    throw new RecordTooLargeError(
      `The record batch size in the append to ${tp} is ${h.sizeInBytes} bytes which exceeds the maximum configured value of ${ctx.config.maxMessageBytes}.`,
    );
  }
  if (computeBatchCrc(input, 0, h.sizeInBytes) !== h.crc) throw new CorruptRecordError(`Record is corrupt (stored crc = ${h.crc}) in topic partition ${tp}.`);
  if (batches.length > 1) throw new InvalidRecordError('Compressed outer record has more than one batch');
  if (h.sizeInBytes > ctx.config.segmentBytes) {
    throw new RecordBatchTooLargeError(
      `Message batch size is ${h.sizeInBytes} bytes in append to partition ${tp} which exceeds the maximum configured segment size of ${ctx.config.segmentBytes}.`,
    );
  }
  if (origin === 'client') validateClientBatch(h, tp);
  const single = input.subarray(0, h.sizeInBytes);
  const seen = validateRecords(single, h, ctx);
  const logAppendTime = ctx.config.messageTimestampType === 'LogAppendTime' ? ctx.now : undefined;

  let buffer: Buffer;
  const codec = seen === null ? null : targetCodec(ctx.config, h.compression);
  if (codec !== null) {
    // compression.type differs from the producer's codec: re-encode (Kafka's buildRecordsAndAssignOffsets).
    const records = decodeBatchRecords(single, h);
    buffer = buildRecordBatch({
      baseOffset: ctx.nextOffset,
      records: records.map((r, i) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: i })),
      compression: codec,
      timestampType: logAppendTime === undefined ? 'CreateTime' : 'LogAppendTime',
      logAppendTime,
      producerId: h.producerId,
      producerEpoch: h.producerEpoch,
      baseSequence: h.baseSequence,
      partitionLeaderEpoch: ctx.leaderEpoch ?? h.partitionLeaderEpoch,
      isTransactional: h.isTransactional,
      isControl: h.isControl,
    });
  } else {
    buffer = Buffer.allocUnsafe(h.sizeInBytes);
    input.copy(buffer, 0, 0, h.sizeInBytes);
    assignBatchOffsets(buffer, 0, ctx.nextOffset, {
      leaderEpoch: ctx.leaderEpoch,
      logAppendTime,
      maxTimestamp: logAppendTime === undefined && seen !== null ? seen.maxTimestamp : undefined,
    });
  }
  const out = readBatchHeader(buffer, 0);
  const offsetOfMaxTimestamp =
    logAppendTime !== undefined || seen === null ? out.lastOffset : out.baseOffset + seen.maxDelta;
  return {
    buffer,
    batches: [out],
    firstOffset: out.baseOffset,
    lastOffset: out.lastOffset,
    recordCount: out.recordCount,
    maxTimestamp: out.maxTimestamp,
    offsetOfMaxTimestamp,
    logAppendTime: logAppendTime ?? -1,
  };
}

export interface FollowerAppendContext {
  readonly topicPartition: string;
  readonly logEndOffset: number;
  readonly logStartOffset: number;
  readonly segmentBytes: number;
}

/**
 * Validates batches copied from the leader: CRC, offsets strictly increasing and starting at or after the log end
 * offset (gaps are allowed: the leader's compaction leaves them). A partial trailing batch is dropped, as Kafka does.
 * Returns null when the input holds no whole batch.
 */
export function validateFollowerAppend(input: Buffer, ctx: FollowerAppendContext): ValidatedAppend | null {
  const { batches, validBytes } = parseRecordBatches(input, { allowPartialTail: true, verifyCrc: true });
  if (batches.length === 0) return null;
  const first = batches[0];
  if (first.baseOffset < ctx.logEndOffset) {
    const firstOffsets = batches.slice(0, 10).map((b) => b.baseOffset);
    throw new UnexpectedAppendOffsetError(
      `Unexpected offset in append to ${ctx.topicPartition}. First offset ${first.baseOffset} is less than the next offset ${ctx.logEndOffset}. ` +
        `First 10 offsets in append: [${firstOffsets.join(', ')}], last offset in append: ${batches[batches.length - 1].lastOffset}. ` +
        `Log start offset = ${ctx.logStartOffset}`,
      first.baseOffset,
      ctx.logEndOffset,
    );
  }
  let prevLast = -1;
  let maxTimestamp = NO_TIMESTAMP;
  let offsetOfMaxTimestamp = -1;
  let recordCount = 0;
  for (const b of batches) {
    if (b.baseOffset <= prevLast) {
      throw new UnexpectedAppendOffsetError(
        `Out of order offsets found in append to ${ctx.topicPartition}: batch at ${b.baseOffset} follows one ending at ${prevLast}`,
        b.baseOffset,
        ctx.logEndOffset,
      );
    }
    if (b.sizeInBytes > ctx.segmentBytes) {
      throw new RecordBatchTooLargeError(
        `Message batch size is ${b.sizeInBytes} bytes in append to partition ${ctx.topicPartition} which exceeds the maximum configured segment size of ${ctx.segmentBytes}.`,
      );
    }
    prevLast = b.lastOffset;
    recordCount += b.recordCount;
    if (b.maxTimestamp > maxTimestamp) {
      maxTimestamp = b.maxTimestamp;
      offsetOfMaxTimestamp = b.lastOffset;
    }
  }
  return {
    buffer: input.subarray(0, validBytes),
    batches,
    firstOffset: first.baseOffset,
    lastOffset: prevLast,
    recordCount,
    maxTimestamp,
    offsetOfMaxTimestamp,
    logAppendTime: -1,
  };
}

/**
 * The produce-side rule for compacted topics as a standalone check (Kafka's LogValidator.validateKey): every record
 * needs a key. Throws RecordValidationError (INVALID_RECORD 87, with per-record errors). PartitionLog.append applies
 * it itself on compacted topics; handlers may call it earlier.
 */
export function checkCompactedTopicKeys(batches: Buffer, topicPartition: string): void {
  const { batches: headers } = parseRecordBatches(batches, { verifyCrc: false });
  const errors: { code: 87; error: RecordError }[] = [];
  for (const h of headers) {
    const batch = batches.subarray(h.position, h.position + h.sizeInBytes);
    walkBatchRecords(batch, h, (i, _delta, _ts, keyLength) => {
      if (keyLength < 0) {
        errors.push({ code: 87, error: { batchIndex: i, message: `Compacted topic cannot accept message without key in topic partition ${topicPartition}.` } });
      }
    });
  }
  throwRecordErrors(errors);
}
