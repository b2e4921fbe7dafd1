/**
 * Typed errors raised by the storage layer, each carrying the Kafka error code a request handler
 * should answer with (codes, names and "retriable" from Kafka's Errors.java, see
 * ../shared/kafka-spec/error-codes.md). The handlers map `error.code` straight into responses.
 */

export class StorageError extends Error {
  /** Kafka error code (int16) for the response. */
  readonly code: number;
  /** Kafka's error name, e.g. CORRUPT_MESSAGE. */
  readonly kafkaName: string;
  readonly retriable: boolean;

  constructor(code: number, kafkaName: string, retriable: boolean, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.kafkaName = kafkaName;
    this.retriable = retriable;
  }
}

/** CORRUPT_MESSAGE (2): bad CRC, bad magic, truncated batch, malformed record. */
export class CorruptRecordError extends StorageError {
  constructor(message: string) {
    super(2, 'CORRUPT_MESSAGE', true, message);
  }
}

/** OFFSET_OUT_OF_RANGE (1). */
export class OffsetOutOfRangeError extends StorageError {
  constructor(message: string) {
    super(1, 'OFFSET_OUT_OF_RANGE', false, message);
  }
}

/** MESSAGE_TOO_LARGE (10): a batch is larger than max.message.bytes. */
export class RecordTooLargeError extends StorageError {
  constructor(message: string) {
    super(10, 'MESSAGE_TOO_LARGE', false, message);
  }
}

/** RECORD_LIST_TOO_LARGE (18): the appended batches are larger than segment.bytes. */
export class RecordBatchTooLargeError extends StorageError {
  constructor(message: string) {
    super(18, 'RECORD_LIST_TOO_LARGE', false, message);
  }
}

/** UNSUPPORTED_COMPRESSION_TYPE (76): a codec this storage layer cannot decode where decoding is required. */
export class UnsupportedCompressionTypeError extends StorageError {
  constructor(message: string) {
    super(76, 'UNSUPPORTED_COMPRESSION_TYPE', false, message);
  }
}

/** INVALID_RECORD (87): a batch fails Kafka's LogValidator batch checks (offset range, control batch from a client, ...). */
export class InvalidRecordError extends StorageError {
  constructor(message: string) {
    super(87, 'INVALID_RECORD', false, message);
  }
}

/** One rejected record, as ProduceResponse v8+ reports it (RecordErrors: BatchIndex, BatchIndexErrorMessage). */
export interface RecordError {
  /** Index of the record inside its batch. */
  readonly batchIndex: number;
  readonly message: string;
}

/**
 * Kafka's RecordValidationException: per-record failures (null key on a compacted topic → INVALID_RECORD 87,
 * timestamp out of range → INVALID_TIMESTAMP 32). `recordErrors` fill ProduceResponse's RecordErrors.
 */
export class RecordValidationError extends StorageError {
  readonly recordErrors: readonly RecordError[];

  constructor(code: 87 | 32, message: string, recordErrors: readonly RecordError[]) {
    super(code, code === 32 ? 'INVALID_TIMESTAMP' : 'INVALID_RECORD', false, message);
    this.recordErrors = recordErrors;
  }
}

/**
 * A follower append whose first offset is below the log end offset (Kafka's UnexpectedAppendOffsetException,
 * which is not an API error: the replica fetcher treats it as a bug, UNKNOWN_SERVER_ERROR -1).
 */
export class UnexpectedAppendOffsetError extends StorageError {
  readonly firstOffset: number;
  readonly logEndOffset: number;

  constructor(message: string, firstOffset: number, logEndOffset: number) {
    super(-1, 'UNKNOWN_SERVER_ERROR', false, message);
    this.firstOffset = firstOffset;
    this.logEndOffset = logEndOffset;
  }
}

/** KAFKA_STORAGE_ERROR (56): an on-disk state the log cannot use (closed log, unreadable segment). */
export class KafkaStorageError extends StorageError {
  constructor(message: string) {
    super(56, 'KAFKA_STORAGE_ERROR', true, message);
  }
}

/** INVALID_CONFIG (40): a topic config value the log cannot use. */
export class InvalidConfigError extends StorageError {
  constructor(message: string) {
    super(40, 'INVALID_CONFIG', false, message);
  }
}
