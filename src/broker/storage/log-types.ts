/** Options and results of PartitionLog operations. */
import type { Logger } from 'pino';
import type { AppendOrigin } from './append-validator.js';
import type { CleanerStats } from './cleaner.js';
import type { CompactionPlan } from './compaction.js';
import type { LogConfig } from './log-config.js';
import type { DeletionReason } from './retention.js';

export interface PartitionLogOptions {
  readonly dir: string;
  readonly config: LogConfig;
  /** Broker time at open (a new empty segment records it as its creation time). */
  readonly now: number;
  readonly logger?: Logger;
  /** Used in error messages, e.g. "orders.v1-3"; defaults to the directory name. */
  readonly topicPartition?: string;
  /** Compaction: cap on keys held in memory per cleaning (default 1,000,000; segment granularity). */
  readonly maxOffsetMapEntries?: number;
}

export interface AppendOptions {
  /** Leader path (true): validate and assign offsets. Follower path (false): append the leader's batches as they are. */
  readonly assignOffsets: boolean;
  readonly now: number;
  /** Leader epoch written into appended batches (leader path). */
  readonly leaderEpoch?: number;
  /** 'internal' for the broker's own writes (control records): skips the client-only batch checks. */
  readonly origin?: AppendOrigin;
}

export interface AppendResult {
  /** First offset written (-1 when a follower append held no whole batch). */
  readonly baseOffset: number;
  readonly lastOffset: number;
  /** Broker time written into LogAppendTime batches; -1 for CreateTime topics. */
  readonly logAppendTime: number;
  readonly logStartOffset: number;
  readonly recordCount: number;
  readonly maxTimestamp: number;
}

export interface ReadOptions {
  /** The partition's high watermark, owned by replication (defaults to the log end offset). */
  readonly highWatermark?: number;
  /** 'high-watermark' (consumers, default) stops before the high watermark; 'log-end' (followers) reads to the end. */
  readonly isolation?: 'high-watermark' | 'log-end';
  /** Return the first batch even when it is larger than maxBytes (default true, like Kafka's first partition). */
  readonly minOneBatch?: boolean;
}

export interface ReadResult {
  /** Whole record batches, starting with the batch that holds the fetch offset. */
  readonly records: Buffer;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

export interface RetentionResult {
  readonly deletedSegments: number;
  readonly reasons: readonly DeletionReason[];
  readonly logStartOffset: number;
}

export interface CompactionResult {
  readonly plan: CompactionPlan;
  /** null when the plan did not call for cleaning. */
  readonly stats: CleanerStats | null;
}
