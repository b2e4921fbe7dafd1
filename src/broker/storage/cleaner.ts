/**
 * The log cleaner's I/O (Kafka's Cleaner.doClean): build the key → latest offset map over the dirty range,
 * rewrite every segment below its end into `.cleaned` files (groups of small segments are merged up to
 * segment.bytes), then swap them in. Crash safety: the `.cleaned` files are fsynced before the swap
 * manifest is written; the manifest is the commit point (recovery.ts finishes a committed swap and
 * deletes uncommitted `.cleaned` files). Offsets never change: batches keep their base and last offsets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { fsyncDir, writeFileAtomic } from './checkpoint.js';
import { OffsetMap, filterBatch, type CompactionPlan } from './compaction.js';
import type { LogConfig } from './log-config.js';
import { RECORD_BATCH_OVERHEAD, readBatchHeader, type RecordBatchHeader } from './record-batch.js';
import { decodeBatchRecords, rebuildBatch } from './records.js';
import { CLEANED_SUFFIX, CLEANER_SWAP_FILE, type SwapManifest } from './recovery.js';
import { INDEX_SUFFIX, LOG_SUFFIX, LogSegment, TIME_INDEX_SUFFIX, segmentFileName, type SegmentSettings } from './segment.js';

const CHUNK = 1024 * 1024;
const INT32_MAX = 2147483647;

export interface CleanerStats {
  readonly segmentsCleaned: number;
  readonly recordsRead: number;
  readonly recordsRetained: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

export interface CleanInput {
  readonly dir: string;
  /** Every segment of the log, oldest first; the last is the active one. */
  readonly segments: readonly LogSegment[];
  readonly plan: CompactionPlan;
  readonly config: LogConfig;
  readonly settings: SegmentSettings;
  readonly now: number;
  /** Stop adding dirty segments to the offset map once it holds this many keys (at segment granularity). */
  readonly maxOffsetMapEntries: number;
  readonly logger: Logger;
  /** Called right after each swap so the owner's segment list never refers to deleted files. */
  readonly onSwap: (replaced: readonly LogSegment[], replacement: LogSegment) => void;
}

export interface CleanResult {
  /** First offset not covered by this cleaning: the new cleaner checkpoint. */
  readonly endOffset: number;
  readonly stats: CleanerStats;
}

/** Calls `visit` with each whole batch of the segment, reading the file in large chunks. */
function forEachBatchBytes(seg: LogSegment, visit: (bytes: Buffer, h: RecordBatchHeader) => void): void {
  let pos = 0;
  while (pos < seg.size) {
    const chunk = seg.readRange(pos, Math.min(CHUNK, seg.size - pos));
    let off = 0;
    while (off + RECORD_BATCH_OVERHEAD <= chunk.length) {
      const h = readBatchHeader(chunk, off, pos + off);
      if (off + h.sizeInBytes > chunk.length) break;
      visit(chunk.subarray(off, off + h.sizeInBytes), h);
      off += h.sizeInBytes;
    }
    if (off === 0) {
      const h = readBatchHeader(chunk, 0, pos);
      visit(seg.readRange(pos, h.sizeInBytes), h);
      off = h.sizeInBytes;
    }
    pos += off;
  }
}

function segmentEnd(segments: readonly LogSegment[], i: number): number {
  return i + 1 < segments.length ? segments[i + 1].baseOffset : segments[i].nextOffset;
}

function buildOffsetMap(input: CleanInput): { map: OffsetMap; endOffset: number } {
  const { segments, plan } = input;
  const map = new OffsetMap();
  let endOffset = plan.firstDirtyOffset;
  let processed = 0;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i];
    if (segmentEnd(segments, i) <= plan.firstDirtyOffset) continue;
    if (seg.baseOffset >= plan.firstUncleanableOffset) break;
    if (processed > 0 && map.size >= input.maxOffsetMapEntries) break;
    forEachBatchBytes(seg, (bytes, h) => {
      if (h.lastOffset < plan.firstDirtyOffset || h.isControl || h.compression > 1) return;
      for (const r of decodeBatchRecords(bytes, h)) {
        if (r.offset >= plan.firstDirtyOffset && r.key !== null) map.put(r.key, r.offset);
      }
    });
    processed++;
    endOffset = segmentEnd(segments, i);
  }
  return { map, endOffset };
}

/** Consecutive segments merged while their total size fits segment.bytes and offsets stay int32-relative. */
function groupBySize(segments: readonly LogSegment[], all: readonly LogSegment[], maxSize: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let cur: LogSegment[] = [];
  let size = 0;
  segments.forEach((seg, i) => {
    const last = segmentEnd(all, i) - 1;
    if (cur.length > 0 && size + seg.size <= maxSize && last - cur[0].baseOffset <= INT32_MAX) {
      cur.push(seg);
      size += seg.size;
    } else {
      if (cur.length > 0) groups.push(cur);
      cur = [seg];
      size = seg.size;
    }
  });
  if (cur.length > 0) groups.push(cur);
  return groups;
}

/** Last offset of each producer's last batch anywhere in the log (computed once, on first need). */
function lastBatchOfProducers(segments: readonly LogSegment[]): Map<number, number> {
  const last = new Map<number, number>();
  for (const seg of segments) {
    seg.forEachBatch((h) => {
      if (h.producerId >= 0) last.set(h.producerId, h.lastOffset);
    });
  }
  return last;
}

interface GroupOutcome {
  readonly segment: LogSegment;
  readonly recordsRead: number;
  readonly recordsRetained: number;
  readonly bytesRead: number;
}

function cleanGroup(input: CleanInput, group: readonly LogSegment[], map: OffsetMap, producerLast: () => Map<number, number>): GroupOutcome {
  const { dir, settings, now, config } = input;
  const base = group[0].baseOffset;
  const out = LogSegment.create(dir, base, settings, now, CLEANED_SUFFIX);
  let recordsRead = 0;
  let recordsRetained = 0;
  let bytesRead = 0;
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flushPending = (): void => {
      if (pending.length === 0) return;
      const buf = Buffer.concat(pending, pendingBytes);
      const headers: RecordBatchHeader[] = [];
      for (let off = 0; off < buf.length; ) {
        const h = readBatchHeader(buf, off);
        headers.push(h);
        off += h.sizeInBytes;
      }
      out.append(buf, headers, settings, now);
      pending = [];
      pendingBytes = 0;
    };
    const add = (bytes: Buffer): void => {
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= CHUNK) flushPending();
    };
    for (const seg of group) {
      bytesRead += seg.size;
      forEachBatchBytes(seg, (bytes, h) => {
        recordsRead += h.recordCount;
        if (h.compression > 1 || h.isControl) {
          recordsRetained += h.recordCount;
          add(bytes);
          return;
        }
        const records = decodeBatchRecords(bytes, h);
        const keepEmpty = h.producerId >= 0 && producerLast().get(h.producerId) === h.lastOffset;
        const r = filterBatch(map, h, records, now, config.deleteRetentionMs, keepEmpty);
        if (r.kind === 'keep') {
          recordsRetained += records.length;
          add(bytes);
        } else if (r.kind === 'rebuild') {
          recordsRetained += r.retained.length;
          add(rebuildBatch(h, r.retained, r.deleteHorizonMs));
        }
      });
    }
    flushPending();
    out.onBecomeInactive();
    out.flush();
    out.close();
    const mtime = new Date(Math.max(...group.map((s) => s.lastModifiedMs)));
    fs.utimesSync(out.logPath, mtime, mtime);
  } catch (err) {
    out.deleteFiles();
    throw err;
  }
  return { segment: out, recordsRead, recordsRetained, bytesRead };
}

/** Swaps one cleaned group in (see the module comment for the crash-safety order). */
function swapIn(dir: string, group: readonly LogSegment[], settings: SegmentSettings): LogSegment {
  const base = group[0].baseOffset;
  const manifest: SwapManifest = { newBaseOffset: base, replacedBaseOffsets: group.map((s) => s.baseOffset) };
  writeFileAtomic(dir, CLEANER_SWAP_FILE, JSON.stringify(manifest));
  for (const old of group) old.deleteFiles();
  for (const suffix of [INDEX_SUFFIX, TIME_INDEX_SUFFIX, LOG_SUFFIX]) {
    fs.renameSync(path.join(dir, segmentFileName(base, suffix + CLEANED_SUFFIX)), path.join(dir, segmentFileName(base, suffix)));
  }
  fs.rmSync(path.join(dir, CLEANER_SWAP_FILE));
  fsyncDir(dir);
  return LogSegment.open(dir, base, settings, false).segment;
}

/** Cleans the log's cleanable range; returns null when there is nothing to clean. */
export function cleanLog(input: CleanInput): CleanResult | null {
  const { segments } = input;
  const { map, endOffset } = buildOffsetMap(input);
  if (endOffset <= input.plan.firstDirtyOffset) return null;
  const count = segments.findIndex((s) => s.baseOffset >= endOffset);
  const toClean = segments.slice(0, count < 0 ? segments.length - 1 : count);
  let producerLastCache: Map<number, number> | null = null;
  const producerLast = (): Map<number, number> => (producerLastCache ??= lastBatchOfProducers(segments));

  let recordsRead = 0;
  let recordsRetained = 0;
  let bytesRead = 0;
  let bytesWritten = 0;
  for (const group of groupBySize(toClean, segments, input.config.segmentBytes)) {
    const outcome = cleanGroup(input, group, map, producerLast);
    const swapped = swapIn(input.dir, group, input.settings);
    input.onSwap(group, swapped);
    recordsRead += outcome.recordsRead;
    recordsRetained += outcome.recordsRetained;
    bytesRead += outcome.bytesRead;
    bytesWritten += swapped.size;
  }
  input.logger.info({ endOffset, segmentsCleaned: toClean.length, recordsRead, recordsRetained, bytesRead, bytesWritten }, 'cleaned log');
  return { endOffset, stats: { segmentsCleaned: toClean.length, recordsRead, recordsRetained, bytesRead, bytesWritten } };
}
