/**
 * Partition log storage for the built-in Kafka cluster: record batch format, segments and indexes,
 * recovery, retention, compaction and the per-broker LogManager. No network code. See README.md.
 */
export {
  StorageError,
  CorruptRecordError,
  OffsetOutOfRangeError,
  RecordTooLargeError,
  RecordBatchTooLargeError,
  UnsupportedCompressionTypeError,
  InvalidRecordError,
  InvalidConfigError,
  RecordValidationError,
  UnexpectedAppendOffsetError,
  KafkaStorageError,
  type RecordError,
} from './errors.js';
export {
  RECORD_BATCH_OVERHEAD,
  LOG_OVERHEAD,
  CURRENT_MAGIC,
  NO_TIMESTAMP,
  NO_PARTITION_LEADER_EPOCH,
  COMPRESSION_NAMES,
  compressionName,
  readBatchHeader,
  parseRecordBatches,
  computeBatchCrc,
  assignBatchOffsets,
  type CompressionName,
  type TimestampType,
  type RecordBatchHeader,
  type ParseBatchesOptions,
  type ParsedBatches,
  type AssignOptions,
} from './record-batch.js';
export {
  buildRecordBatch,
  rebuildBatch,
  decodeBatchRecords,
  walkBatchRecords,
  recordsPayload,
  type Compression,
  type LogRecord,
  type RecordHeader,
  type RecordInput,
  type BuildRecordBatchOptions,
  type RecordVisitor,
} from './records.js';
export {
  validateLeaderAppend,
  validateFollowerAppend,
  checkCompactedTopicKeys,
  type AppendOrigin,
  type ValidatedAppend,
} from './append-validator.js';
export { DEFAULT_LOG_CONFIG, LOG_CONFIG_NAMES, logConfigFromTopicConfigs, maxSegmentMs, type LogConfig } from './log-config.js';
export { planRetention, type SegmentSummary, type LogPosition, type RetentionPlan, type DeletionReason } from './retention.js';
export { planCompaction, type CompactionPlan } from './compaction.js';
export type { CleanerStats } from './cleaner.js';
export type { FoundTimestamp } from './timestamp-search.js';
export { PartitionLog } from './partition-log.js';
export type {
  PartitionLogOptions,
  AppendOptions,
  AppendResult,
  ReadOptions,
  ReadResult,
  RetentionResult,
  CompactionResult,
} from './log-types.js';
export {
  LogManager,
  partitionDirName,
  parsePartitionDirName,
  type LogManagerOptions,
  type MaintenanceReport,
  type TopicPartitionRef,
} from './log-manager.js';
