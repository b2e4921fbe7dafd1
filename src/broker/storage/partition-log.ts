/**
 * One replica's log (Kafka's UnifiedLog + LocalLog): a directory of segments with a log start offset,
 * a log end offset and a recovery point. Appends go through the validator, land in the active segment
 * with one positional write (page cache: survives a process kill) and are fsynced per the flush policy
 * (README.md). Every operation is synchronous; the broker owns timers and calls `runMaintenance`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pino, type Logger } from 'pino';
import { validateFollowerAppend, validateLeaderAppend, type ValidatedAppend } from './append-validator.js';
import {
  CLEANER_OFFSET_FILE,
  CLEAN_SHUTDOWN_FILE,
  LOG_START_OFFSET_FILE,
  RECOVERY_POINT_FILE,
  fsyncDir,
  writeFileAtomic,
  writeOffsetCheckpoint,
} from './checkpoint.js';
import { cleanLog } from './cleaner.js';
import { planCompaction, type CompactionPlan } from './compaction.js';
import type {
  AppendOptions,
  AppendResult,
  CompactionResult,
  PartitionLogOptions,
  ReadOptions,
  ReadResult,
  RetentionResult,
} from './log-types.js';
import { KafkaStorageError, OffsetOutOfRangeError } from './errors.js';
import { maxSegmentMs, type LogConfig } from './log-config.js';
import { planRetention, type SegmentSummary } from './retention.js';
import { loadLog } from './recovery.js';
import { LogSegment, type SegmentSettings } from './segment.js';
import { searchMaxTimestamp, searchOffsetForTimestamp, type FoundTimestamp } from './timestamp-search.js';

export class PartitionLog {
  readonly dir: string;
  readonly topicPartition: string;
  private config: LogConfig;
  private segments: LogSegment[];
  private logStart: number;
  private recoveryPointOffset: number;
  private cleanerCheckpoint: number | null;
  private lastFlushMs: number;
  private closed = false;
  private readonly logger: Logger;
  private readonly maxOffsetMapEntries: number;
  private readonly logStartOffsetStale: boolean;

  private constructor(options: PartitionLogOptions) {
    this.dir = options.dir;
    this.topicPartition = options.topicPartition ?? path.basename(options.dir);
    this.config = options.config;
    this.logger = options.logger ?? pino({ enabled: false });
    this.maxOffsetMapEntries = options.maxOffsetMapEntries ?? 1_000_000;
    const loaded = loadLog(this.dir, this.settings(), options.now, this.logger);
    this.segments = loaded.segments;
    this.logStart = loaded.logStartOffset;
    this.recoveryPointOffset = loaded.recoveryPoint;
    this.cleanerCheckpoint = loaded.cleanerCheckpoint;
    this.lastFlushMs = options.now;
    this.logStartOffsetStale = loaded.logStartOffsetStale;
    if (loaded.recovered) this.logger.info({ logEndOffset: this.logEndOffset }, 'recovered log after an unclean shutdown');
  }

  /** Opens (creating if needed) the log in `options.dir`, recovering it after an unclean shutdown. */
  static open(options: PartitionLogOptions): PartitionLog {
    const log = new PartitionLog(options);
    // Recovered or newly created data is fsynced before the recovery point may move past it.
    log.flush(options.now);
    if (log.logStartOffsetStale) writeOffsetCheckpoint(log.dir, LOG_START_OFFSET_FILE, log.logStart);
    return log;
  }

  get logStartOffset(): number {
    return this.logStart;
  }

  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  /** Offset below which everything was fsynced (recovery re-checks from here after a crash). */
  get recoveryPoint(): number {
    return this.recoveryPointOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.size, 0);
  }

  get numberOfSegments(): number {
    return this.segments.length;
  }

  get currentConfig(): LogConfig {
    return this.config;
  }

  /** Segment summaries, oldest first (the last is the active segment). */
  segmentSummaries(): SegmentSummary[] {
    return this.segments.map((s) => ({
      baseOffset: s.baseOffset,
      sizeBytes: s.size,
      largestTimestamp: s.largestTimestamp,
      firstBatchTimestamp: s.firstBatchTimestamp,
    }));
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
    for (const s of this.segments) s.updateIndexLimits(this.settings());
  }

  append(batches: Buffer, options: AppendOptions): AppendResult {
    this.ensureOpen();
    const leo = this.logEndOffset;
    let v: ValidatedAppend | null;
    if (options.assignOffsets) {
      v = validateLeaderAppend(batches, {
        config: this.config,
        topicPartition: this.topicPartition,
        nextOffset: leo,
        now: options.now,
        leaderEpoch: options.leaderEpoch,
        origin: options.origin,
      });
    } else {
      v = validateFollowerAppend(batches, {
        topicPartition: this.topicPartition,
        logEndOffset: leo,
        logStartOffset: this.logStart,
        segmentBytes: this.config.segmentBytes,
      });
      if (v === null) {
        return { baseOffset: -1, lastOffset: -1, logAppendTime: -1, logStartOffset: this.logStart, recordCount: 0, maxTimestamp: -1 };
      }
    }
    const segment = this.maybeRoll(v, options.now);
    segment.append(v.buffer, v.batches, this.settings(), options.now);
    if (this.logEndOffset - this.recoveryPointOffset >= this.config.flushMessages) this.flush(options.now);
    else if (options.now - this.lastFlushMs >= this.config.flushMs) this.flush(options.now);
    return {
      baseOffset: v.firstOffset,
      lastOffset: v.lastOffset,
      logAppendTime: v.logAppendTime,
      logStartOffset: this.logStart,
      recordCount: v.recordCount,
      maxTimestamp: v.maxTimestamp,
    };
  }

  read(fetchOffset: number, maxBytes: number, options: ReadOptions = {}): ReadResult {
    this.ensureOpen();
    const leo = this.logEndOffset;
    const highWatermark = options.highWatermark ?? leo;
    if (fetchOffset < this.logStart) {
      throw new OffsetOutOfRangeError(
        `Received request for offset ${fetchOffset} for partition ${this.topicPartition}, but we only have log segments starting from offset: ${this.logStart}.`,
      );
    }
    if (fetchOffset > leo) {
      throw new OffsetOutOfRangeError(
        `Received request for offset ${fetchOffset} for partition ${this.topicPartition}, but we only have log segments upto ${leo}.`,
      );
    }
    const result = (records: Buffer): ReadResult => ({ records, highWatermark, logStartOffset: this.logStart, logEndOffset: leo });
    const maxOffset = options.isolation === 'log-end' ? leo : Math.min(highWatermark, leo);
    if (fetchOffset >= maxOffset) return result(Buffer.alloc(0));
    for (let i = this.segmentIndexFor(fetchOffset); i < this.segments.length; i++) {
      const records = this.segments[i].read(fetchOffset, maxBytes, maxOffset, options.minOneBatch ?? true);
      if (records !== null) return result(records);
    }
    return result(Buffer.alloc(0));
  }

  /** ListOffsets by timestamp: the earliest record at or after the log start whose timestamp is >= `timestamp`. */
  offsetForTimestamp(timestamp: number): FoundTimestamp | null {
    this.ensureOpen();
    return searchOffsetForTimestamp(this.segments, timestamp, this.logStart);
  }

  /** ListOffsets MAX_TIMESTAMP (-3): the record with the largest timestamp (the first one, if several). */
  offsetOfMaxTimestamp(): FoundTimestamp | null {
    this.ensureOpen();
    return searchMaxTimestamp(this.segments, this.logStart);
  }

  /**
   * Follower truncation: removes every batch whose last offset is >= `offset` (whole batches, so the new log end offset
   * can be below `offset` if it falls inside a batch). Returns the new log end offset.
   */
  truncateTo(offset: number, now: number): number {
    this.ensureOpen();
    if (offset < 0) throw new OffsetOutOfRangeError(`Cannot truncate partition ${this.topicPartition} to a negative offset (${offset})`);
    if (offset >= this.logEndOffset) return this.logEndOffset;
    if (offset < this.segments[0].baseOffset) {
      this.truncateFullyAndStartAt(offset, now);
      return this.logEndOffset;
    }
    while (this.segments.length > 1 && this.active.baseOffset > offset) this.segments.pop()!.deleteFiles();
    this.active.truncateTo(offset, this.settings());
    this.logStart = Math.min(this.logStart, offset);
    this.afterTruncation();
    this.logger.info({ offset, logEndOffset: this.logEndOffset }, 'truncated log');
    return this.logEndOffset;
  }

  /** Deletes everything and restarts the log empty at `offset` (follower out of range, or after truncation below the start). */
  truncateFullyAndStartAt(offset: number, now: number): void {
    this.ensureOpen();
    for (const s of this.segments) s.deleteFiles();
    this.segments = [LogSegment.create(this.dir, offset, this.settings(), now)];
    this.logStart = offset;
    this.cleanerCheckpoint = null;
    fs.rmSync(path.join(this.dir, CLEANER_OFFSET_FILE), { force: true });
    this.recoveryPointOffset = offset;
    this.flush(now);
    writeOffsetCheckpoint(this.dir, LOG_START_OFFSET_FILE, offset);
  }

  /**
   * DeleteRecords: moves the log start offset to `offset` (never beyond the high watermark; never backwards) and deletes
   * the segments wholly below it. Returns the new log start offset (the response's low watermark).
   */
  deleteRecordsBefore(offset: number, highWatermark = this.logEndOffset): number {
    this.ensureOpen();
    if (offset > highWatermark) {
      throw new OffsetOutOfRangeError(
        `Cannot increment the log start offset to ${offset} of partition ${this.topicPartition} since it is larger than the high watermark ${highWatermark}`,
      );
    }
    if (offset <= this.logStart) return this.logStart;
    this.logStart = offset;
    writeOffsetCheckpoint(this.dir, LOG_START_OFFSET_FILE, offset);
    while (this.segments.length > 1 && this.segments[1].baseOffset <= offset) this.segments.shift()!.deleteFiles();
    this.logger.info({ logStartOffset: offset }, 'moved log start offset (DeleteRecords)');
    return this.logStart;
  }

  /** Deletes segments per retention.ms / retention.bytes / log start offset (retention.ts). */
  runRetention(now: number, highWatermark = this.logEndOffset): RetentionResult {
    this.ensureOpen();
    const plan = planRetention(this.segmentSummaries(), this.config, now, {
      logStartOffset: this.logStart,
      logEndOffset: this.logEndOffset,
      highWatermark,
    });
    if (plan.deleteCount === 0) return { deletedSegments: 0, reasons: [], logStartOffset: this.logStart };
    if (plan.rollFirst) this.roll(this.logEndOffset, now);
    const deleted = this.segments.splice(0, plan.deleteCount);
    for (const s of deleted) s.deleteFiles();
    this.logger.info({ segments: deleted.map((s) => s.baseOffset), reasons: plan.reasons }, 'deleted segments by retention');
    if (this.segments[0].baseOffset > this.logStart) {
      this.logStart = this.segments[0].baseOffset;
      writeOffsetCheckpoint(this.dir, LOG_START_OFFSET_FILE, this.logStart);
    }
    return { deletedSegments: deleted.length, reasons: plan.reasons, logStartOffset: this.logStart };
  }

  /** The compaction decision for this log now (compaction.ts), without cleaning. */
  planCompaction(now: number, highWatermark = this.logEndOffset): CompactionPlan {
    this.ensureOpen();
    return planCompaction(
      this.segmentSummaries(),
      this.config,
      now,
      { logStartOffset: this.logStart, logEndOffset: this.logEndOffset, highWatermark },
      this.cleanerCheckpoint,
    );
  }

  /** One compaction pass when cleanup.policy contains compact and the plan says the log is dirty enough. */
  runCompaction(now: number, highWatermark = this.logEndOffset): CompactionResult | null {
    this.ensureOpen();
    if (!this.config.cleanupPolicyCompact) return null;
    const plan = this.planCompaction(now, highWatermark);
    if (!plan.shouldClean) return { plan, stats: null };
    const result = cleanLog({
      dir: this.dir,
      segments: this.segments,
      plan,
      config: this.config,
      settings: this.settings(),
      now,
      maxOffsetMapEntries: this.maxOffsetMapEntries,
      logger: this.logger,
      onSwap: (replaced, replacement) => {
        const at = this.segments.indexOf(replaced[0]);
        this.segments.splice(at, replaced.length, replacement);
      },
    });
    if (result === null) return { plan, stats: null };
    this.cleanerCheckpoint = result.endOffset;
    writeOffsetCheckpoint(this.dir, CLEANER_OFFSET_FILE, result.endOffset);
    return { plan, stats: result.stats };
  }

  /** fsyncs every segment with unflushed bytes and moves the recovery point to the log end offset. */
  flush(now?: number): void {
    this.ensureOpen();
    let synced = false;
    for (const s of this.segments) {
      if (s.unflushed) {
        s.flush();
        synced = true;
      }
    }
    if (synced) fsyncDir(this.dir);
    if (this.recoveryPointOffset !== this.logEndOffset) {
      this.recoveryPointOffset = this.logEndOffset;
      writeOffsetCheckpoint(this.dir, RECOVERY_POINT_FILE, this.recoveryPointOffset);
    }
    if (now !== undefined) this.lastFlushMs = now;
  }

  /**
   * Background flushing (called by the broker's scheduler): fsyncs segments rolled since the last flush (Kafka flushes
   * them right after the roll) and, when flush.ms has elapsed or `checkpointIntervalMs` has passed, the whole log.
   */
  maybeFlush(now: number, checkpointIntervalMs = Infinity): void {
    this.ensureOpen();
    const dueMs = Math.min(this.config.flushMs, checkpointIntervalMs);
    if (this.logEndOffset > this.recoveryPointOffset && now - this.lastFlushMs >= dueMs) {
      this.flush(now);
      return;
    }
    const rolled = this.segments.slice(0, -1).filter((s) => s.unflushed);
    for (const s of rolled) s.flush();
    if (rolled.length > 0) fsyncDir(this.dir);
    // Every closed segment is durable now, so recovery can start at the active segment.
    if (this.active.baseOffset > this.recoveryPointOffset) {
      this.recoveryPointOffset = this.active.baseOffset;
      writeOffsetCheckpoint(this.dir, RECOVERY_POINT_FILE, this.recoveryPointOffset);
    }
  }

  /** Clean close: final time-index entry, everything fsynced, recovery point = log end, clean-shutdown marker. */
  close(): void {
    if (this.closed) return;
    this.active.onBecomeInactive();
    this.flush();
    writeOffsetCheckpoint(this.dir, LOG_START_OFFSET_FILE, this.logStart);
    writeFileAtomic(this.dir, CLEAN_SHUTDOWN_FILE, `${this.logEndOffset}\n`);
    for (const s of this.segments) s.close();
    this.closed = true;
  }

  /** Closes without the clean-shutdown marker (tests use it to simulate a crash after the fact). */
  closeWithoutMarker(): void {
    if (this.closed) return;
    for (const s of this.segments) s.close();
    this.closed = true;
  }

  /** Closes and removes the directory. */
  delete(): void {
    for (const s of this.segments) s.close();
    this.closed = true;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private get active(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  private settings(): SegmentSettings {
    return { indexIntervalBytes: this.config.indexIntervalBytes, segmentIndexBytes: this.config.segmentIndexBytes };
  }

  private ensureOpen(): void {
    if (this.closed) throw new KafkaStorageError(`Log for partition ${this.topicPartition} is closed`);
  }

  /** Index of the segment holding `offset` (the last one whose base is <= offset; 0 if none). */
  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid].baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private maybeRoll(v: ValidatedAppend, now: number): LogSegment {
    if (this.active.shouldRoll(v.buffer.length, v.maxTimestamp, v.lastOffset, now, this.config.segmentBytes, maxSegmentMs(this.config))) {
      this.roll(Math.max(v.firstOffset, this.logEndOffset), now);
    }
    return this.active;
  }

  private roll(newBaseOffset: number, now: number): void {
    const old = this.active;
    if (old.size === 0) {
      // An empty active segment is replaced rather than left behind.
      this.segments.pop();
      old.deleteFiles();
    } else {
      old.onBecomeInactive();
    }
    this.segments.push(LogSegment.create(this.dir, newBaseOffset, this.settings(), now));
    this.logger.debug({ baseOffset: newBaseOffset }, 'rolled a new segment');
  }

  private afterTruncation(): void {
    const leo = this.logEndOffset;
    if (this.recoveryPointOffset > leo) {
      this.recoveryPointOffset = leo;
      writeOffsetCheckpoint(this.dir, RECOVERY_POINT_FILE, leo);
    }
    if (this.cleanerCheckpoint !== null && this.cleanerCheckpoint > leo) {
      this.cleanerCheckpoint = leo;
      writeOffsetCheckpoint(this.dir, CLEANER_OFFSET_FILE, leo);
    }
    writeOffsetCheckpoint(this.dir, LOG_START_OFFSET_FILE, this.logStart);
  }
}
