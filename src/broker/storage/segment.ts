/**
 * One log segment: `<20-digit baseOffset>.log` plus its `.index` and `.timeindex` (Kafka's layout).
 * The log file holds whole record batches back to back; `size` only ever covers whole batches, so a
 * partially written append is never visible. All I/O is synchronous (positional read/write on one fd):
 * the broker's state changes never await, so one segment is never touched by two operations at once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorruptRecordError } from './errors.js';
import { OffsetIndex } from './offset-index.js';
import {
  RECORD_BATCH_OVERHEAD,
  checkBatchHeader,
  computeBatchCrc,
  readBatchHeader,
  type RecordBatchHeader,
} from './record-batch.js';
import { readFully, scanBatchHeaders, writeFully, type HeaderVisitor } from './segment-io.js';
import { TimeIndex } from './time-index.js';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
const INT32_MAX = 2147483647;
const RECOVERY_CHUNK = 1024 * 1024;

/** Kafka's file name for a segment: the base offset zero-padded to 20 digits. */
export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

export interface SegmentSettings {
  readonly indexIntervalBytes: number;
  readonly segmentIndexBytes: number;
}


export class LogSegment {
  readonly logPath: string;
  readonly indexPath: string;
  readonly timeIndexPath: string;
  /** Bytes of whole batches in the log file. */
  size = 0;
  /** Last offset + 1 (the base offset while empty). */
  nextOffset: number;
  /** Largest batch maxTimestamp so far (-1 when none) and that batch's last offset. */
  maxTimestamp = -1;
  offsetOfMaxTimestamp = -1;
  /** maxTimestamp of the first batch: segment.ms rolls are measured from it (Kafka's rollingBasedTimestamp). */
  firstBatchTimestamp = -1;
  /** Broker time the segment was created / last appended to (retention fallback when batches carry no timestamp). */
  createdMs: number;
  lastModifiedMs: number;
  /** Bytes appended since the last fsync. */
  unflushed = false;
  private bytesSinceLastIndexEntry = 0;
  private fd: number;

  private constructor(
    readonly dir: string,
    readonly baseOffset: number,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    fd: number,
    suffix: string,
    now: number,
  ) {
    this.logPath = path.join(dir, segmentFileName(baseOffset, LOG_SUFFIX + suffix));
    this.indexPath = path.join(dir, segmentFileName(baseOffset, INDEX_SUFFIX + suffix));
    this.timeIndexPath = path.join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX + suffix));
    this.fd = fd;
    this.nextOffset = baseOffset;
    this.createdMs = now;
    this.lastModifiedMs = now;
  }

  /** Creates an empty segment (replacing leftover files of the same name). `suffix` is for cleaner output (".cleaned"). */
  static create(dir: string, baseOffset: number, settings: SegmentSettings, now: number, suffix = ''): LogSegment {
    const logPath = path.join(dir, segmentFileName(baseOffset, LOG_SUFFIX + suffix));
    const fd = fs.openSync(logPath, 'w+');
    const seg = new LogSegment(
      dir,
      baseOffset,
      new OffsetIndex(path.join(dir, segmentFileName(baseOffset, INDEX_SUFFIX + suffix)), baseOffset, Math.floor(settings.segmentIndexBytes / 8)),
      new TimeIndex(path.join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX + suffix)), baseOffset, Math.floor(settings.segmentIndexBytes / 12)),
      fd,
      suffix,
      now,
    );
    for (const p of [seg.indexPath, seg.timeIndexPath]) fs.rmSync(p, { force: true });
    seg.unflushed = true;
    return seg;
  }

  /**
   * Opens an existing segment. With `recover` (or when an index is missing or fails its sanity check) every batch is
   * re-read and CRC-checked, the indexes are rebuilt and a torn or corrupt tail is cut off; `truncatedBytes` says how much.
   */
  static open(dir: string, baseOffset: number, settings: SegmentSettings, recover: boolean): { segment: LogSegment; truncatedBytes: number; rebuilt: boolean } {
    const logPath = path.join(dir, segmentFileName(baseOffset, LOG_SUFFIX));
    const fd = fs.openSync(logPath, 'r+');
    const st = fs.fstatSync(fd);
    const indexPath = path.join(dir, segmentFileName(baseOffset, INDEX_SUFFIX));
    const timeIndexPath = path.join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX));
    const offsetIndex = recover ? null : OffsetIndex.load(indexPath, baseOffset, settings.segmentIndexBytes, st.size);
    const timeIndex = recover ? null : TimeIndex.load(timeIndexPath, baseOffset, settings.segmentIndexBytes);
    const seg = new LogSegment(
      dir,
      baseOffset,
      offsetIndex ?? new OffsetIndex(indexPath, baseOffset, Math.floor(settings.segmentIndexBytes / 8)),
      timeIndex ?? new TimeIndex(timeIndexPath, baseOffset, Math.floor(settings.segmentIndexBytes / 12)),
      fd,
      '',
      st.mtimeMs,
    );
    seg.size = st.size;
    if (offsetIndex && timeIndex && seg.loadTailState()) return { segment: seg, truncatedBytes: 0, rebuilt: false };
    const truncatedBytes = seg.recover(settings);
    return { segment: seg, truncatedBytes, rebuilt: true };
  }

  /** Segment's largest timestamp for retention: max record timestamp, else the last append time. */
  get largestTimestamp(): number {
    return this.maxTimestamp >= 0 ? this.maxTimestamp : this.lastModifiedMs;
  }

  /** Appends whole, already validated batches; `batches` positions are relative to `buf`. */
  append(buf: Buffer, batches: readonly RecordBatchHeader[], settings: SegmentSettings, now: number): void {
    const start = this.size;
    try {
      writeFully(this.fd, buf, start);
    } catch (err) {
      // Leave no partial batch behind (ENOSPC, EIO); the caller sees the original error.
      fs.ftruncateSync(this.fd, start);
      throw err;
    }
    for (const h of batches) this.indexBatch(h, start + h.position, settings.indexIntervalBytes);
    this.size = start + buf.length;
    this.lastModifiedMs = now;
    this.unflushed = true;
  }

  /** Would a batch ending at `lastOffset` still have a relative offset that fits in int32? */
  canHoldOffset(lastOffset: number): boolean {
    return lastOffset - this.baseOffset <= INT32_MAX && lastOffset >= this.baseOffset;
  }

  /**
   * Kafka's LogSegment.shouldRoll before appending `size` bytes: segment.bytes, segment.ms (measured from the first
   * batch's timestamp to the new batch's, or from creation when there is none), index space, int32 relative offsets.
   */
  shouldRoll(size: number, maxTimestamp: number, lastOffset: number, now: number, segmentBytes: number, segmentMs: number): boolean {
    const waited = this.firstBatchTimestamp >= 0 ? maxTimestamp - this.firstBatchTimestamp : now - this.createdMs;
    return (
      this.size > segmentBytes - size ||
      (this.size > 0 && waited > segmentMs) ||
      this.offsetIndex.isFull ||
      this.timeIndex.isFull ||
      !this.canHoldOffset(lastOffset)
    );
  }

  /**
   * Whole batches starting with the one holding `target` (its lastOffset >= target), stopping before any batch whose
   * lastOffset >= `maxOffset` and before exceeding `maxBytes` (the first batch is returned whole when `minOneBatch`).
   * null when this segment has no batch at or after `target`.
   */
  read(target: number, maxBytes: number, maxOffset: number, minOneBatch: boolean): Buffer | null {
    let first = -1;
    let total = 0;
    this.scan(this.offsetIndex.lookup(target), this.size, (h) => {
      if (first < 0) {
        if (h.lastOffset < target) return true;
        first = h.position;
        if (h.lastOffset >= maxOffset) return false;
        if (h.sizeInBytes > maxBytes && !minOneBatch) return false;
        total = h.sizeInBytes;
        return total < maxBytes;
      }
      if (h.lastOffset >= maxOffset || total + h.sizeInBytes > maxBytes) return false;
      total += h.sizeInBytes;
      return true;
    });
    if (first < 0) return null;
    const out = Buffer.allocUnsafe(total);
    if (readFully(this.fd, out, 0, total, first) !== total) throw new CorruptRecordError(`Short read from ${this.logPath}`);
    return out;
  }

  /** Header of the first batch whose lastOffset >= target, or null. */
  findBatch(target: number): RecordBatchHeader | null {
    let found: RecordBatchHeader | null = null;
    this.scan(this.offsetIndex.lookup(target), this.size, (h) => {
      if (h.lastOffset < target) return true;
      found = h;
      return false;
    });
    return found;
  }

  /** Visits every batch header from the start (or from `fromOffset`'s batch). */
  forEachBatch(visit: HeaderVisitor, fromOffset?: number): void {
    this.scan(fromOffset === undefined ? 0 : this.offsetIndex.lookup(fromOffset), this.size, visit);
  }

  /** `length` bytes of the log file at `position` (within `size`). */
  readRange(position: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    if (readFully(this.fd, out, 0, length, position) !== length) throw new CorruptRecordError(`Short read from ${this.logPath}`);
    return out;
  }

  /** The bytes of one batch. */
  readBatch(h: RecordBatchHeader): Buffer {
    const out = Buffer.allocUnsafe(h.sizeInBytes);
    if (readFully(this.fd, out, 0, h.sizeInBytes, h.position) !== h.sizeInBytes) throw new CorruptRecordError(`Short read from ${this.logPath}`);
    return out;
  }

  /** Removes every batch whose lastOffset >= offset. Returns the bytes removed. */
  truncateTo(offset: number, settings: SegmentSettings): number {
    const batch = this.findBatch(offset);
    if (batch === null) return 0;
    const removed = this.size - batch.position;
    fs.ftruncateSync(this.fd, batch.position);
    this.size = batch.position;
    this.offsetIndex.truncateToOffset(offset);
    this.timeIndex.truncateToOffset(offset);
    this.unflushed = true;
    if (!this.loadTailState()) this.recover(settings);
    return removed;
  }

  /** Marks the segment closed for appends: final time-index entry (Kafka's onBecomeInactiveSegment). */
  onBecomeInactive(): void {
    if (this.maxTimestamp < 0) return;
    const before = this.timeIndex.entries;
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    if (this.timeIndex.entries !== before) this.unflushed = true;
  }

  /** fsync of the log, and the indexes written (and fsynced) too. */
  flush(): void {
    fs.fsyncSync(this.fd);
    this.offsetIndex.persist(true);
    this.timeIndex.persist(true);
    this.unflushed = false;
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  deleteFiles(): void {
    this.close();
    for (const p of [this.logPath, this.indexPath, this.timeIndexPath]) fs.rmSync(p, { force: true });
  }

  updateIndexLimits(settings: SegmentSettings): void {
    this.offsetIndex.setMaxEntries(settings.segmentIndexBytes);
    this.timeIndex.setMaxEntries(settings.segmentIndexBytes);
  }

  private indexBatch(h: RecordBatchHeader, position: number, indexIntervalBytes: number): void {
    if (position === 0) this.firstBatchTimestamp = h.maxTimestamp;
    if (h.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = h.maxTimestamp;
      this.offsetOfMaxTimestamp = h.lastOffset;
    }
    if (this.bytesSinceLastIndexEntry > indexIntervalBytes) {
      this.offsetIndex.append(h.lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += h.sizeInBytes;
    this.nextOffset = h.lastOffset + 1;
  }

  /**
   * After loading trusted indexes: read the batches after the last index entries to find the next offset and the max
   * timestamp. Returns false when the file does not line up with the indexes (then the caller rebuilds them).
   */
  private loadTailState(): boolean {
    const lastOffsetEntry = this.offsetIndex.lastEntry();
    const lastTimeEntry = this.timeIndex.lastEntry();
    this.maxTimestamp = lastTimeEntry?.timestamp ?? -1;
    this.offsetOfMaxTimestamp = lastTimeEntry?.offset ?? -1;
    this.nextOffset = this.baseOffset;
    this.firstBatchTimestamp = -1;
    // The time index's last entry holds the max timestamp of every batch up to the last offset-index entry's batch
    // (both are appended together, and a closed segment gets a final time entry), so scanning from there suffices.
    const from = lastOffsetEntry?.position ?? 0;
    this.bytesSinceLastIndexEntry = this.size - (lastOffsetEntry?.position ?? 0);
    if (this.size > 0) {
      if (this.size < RECORD_BATCH_OVERHEAD) return false;
      const first = Buffer.allocUnsafe(RECORD_BATCH_OVERHEAD);
      readFully(this.fd, first, 0, RECORD_BATCH_OVERHEAD, 0);
      const h = readBatchHeader(first, 0);
      if (h.magic !== 2 || h.baseOffset < this.baseOffset) return false;
      this.firstBatchTimestamp = h.maxTimestamp;
    }
    let ok = true;
    let end = from;
    let prevLast = -Infinity;
    let sawIndexedBatch = lastOffsetEntry === null;
    try {
      this.scan(from, this.size, (h) => {
        if (h.baseOffset <= prevLast || !this.canHoldOffset(h.lastOffset)) ok = false;
        prevLast = h.lastOffset;
        if (lastOffsetEntry && h.position === lastOffsetEntry.position) sawIndexedBatch = h.lastOffset === lastOffsetEntry.offset;
        if (h.maxTimestamp > this.maxTimestamp) {
          this.maxTimestamp = h.maxTimestamp;
          this.offsetOfMaxTimestamp = h.lastOffset;
        }
        this.nextOffset = h.lastOffset + 1;
        end = h.position + h.sizeInBytes;
        return ok;
      });
    } catch (err) {
      if (err instanceof CorruptRecordError) return false;
      throw err;
    }
    return ok && sawIndexedBatch && end === this.size;
  }

  /**
   * Re-reads the whole segment checking every batch (header, offsets increasing, CRC), rebuilds both indexes and cuts the
   * file at the first bad byte. Returns the number of bytes cut.
   */
  private recover(settings: SegmentSettings): number {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = -1;
    this.firstBatchTimestamp = -1;
    this.nextOffset = this.baseOffset;
    this.bytesSinceLastIndexEntry = 0;
    const fileSize = fs.fstatSync(this.fd).size;
    let chunk = Buffer.allocUnsafe(Math.min(RECOVERY_CHUNK, Math.max(fileSize, RECORD_BATCH_OVERHEAD)));
    let chunkStart = 0;
    let chunkLen = 0;
    let pos = 0;
    let prevLast = this.baseOffset - 1;
    while (fileSize - pos >= RECORD_BATCH_OVERHEAD) {
      if (pos + RECORD_BATCH_OVERHEAD > chunkStart + chunkLen) {
        chunkStart = pos;
        chunkLen = readFully(this.fd, chunk, 0, Math.min(chunk.length, fileSize - pos), pos);
      }
      const h = readBatchHeader(chunk, pos - chunkStart, pos);
      try {
        checkBatchHeader(h);
      } catch (err) {
        if (err instanceof CorruptRecordError) break;
        throw err;
      }
      if (pos + h.sizeInBytes > fileSize || h.baseOffset <= prevLast || !this.canHoldOffset(h.lastOffset)) break;
      if (pos + h.sizeInBytes > chunkStart + chunkLen) {
        if (h.sizeInBytes > chunk.length) chunk = Buffer.allocUnsafe(h.sizeInBytes);
        chunkStart = pos;
        chunkLen = readFully(this.fd, chunk, 0, Math.min(chunk.length, fileSize - pos), pos);
      }
      if (computeBatchCrc(chunk, pos - chunkStart, h.sizeInBytes) !== h.crc) break;
      this.indexBatch(h, pos, settings.indexIntervalBytes);
      prevLast = h.lastOffset;
      pos += h.sizeInBytes;
    }
    this.size = pos;
    if (pos < fileSize) fs.ftruncateSync(this.fd, pos);
    // The rebuilt indexes (and any cut) reach the disk at the next flush.
    this.unflushed = true;
    return fileSize - pos;
  }

  private scan(from: number, to: number, visit: HeaderVisitor): void {
    scanBatchHeaders(this.fd, from, to, visit, this.logPath);
  }
}
