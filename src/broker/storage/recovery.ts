/**
 * Opening a partition directory (Kafka's LogLoader): finish or roll back an interrupted compaction swap,
 * drop leftovers, load segments, and — unless the previous close was clean — re-check every segment from
 * the recovery point on: CRC every batch, rebuild its indexes, cut a torn or corrupt tail and delete all
 * later segments. Nothing past the first bad byte is ever served.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import {
  CLEANER_OFFSET_FILE,
  CLEAN_SHUTDOWN_FILE,
  LOG_START_OFFSET_FILE,
  RECOVERY_POINT_FILE,
  fsyncDir,
  readOffsetCheckpoint,
  removeFile,
} from './checkpoint.js';
import { INDEX_SUFFIX, LOG_SUFFIX, LogSegment, TIME_INDEX_SUFFIX, segmentFileName, type SegmentSettings } from './segment.js';

/** Written by the cleaner once its output is durable; lists the segments the output replaces. */
export const CLEANER_SWAP_FILE = 'cleaner-swap';
export const CLEANED_SUFFIX = '.cleaned';
const SEGMENT_NAME_RE = /^(\d{20})\.log$/;

export interface SwapManifest {
  readonly newBaseOffset: number;
  readonly replacedBaseOffsets: readonly number[];
}

export interface LoadedLog {
  readonly segments: LogSegment[];
  readonly logStartOffset: number;
  readonly recoveryPoint: number;
  readonly cleanerCheckpoint: number | null;
  /** True when the files needed a recovery scan (unclean shutdown). */
  readonly recovered: boolean;
  /** The log-start-offset file does not hold `logStartOffset` yet. */
  readonly logStartOffsetStale: boolean;
}

function readCheckpoint(dir: string, name: string, logger: Logger): number | null {
  const r = readOffsetCheckpoint(dir, name);
  if (r.kind === 'ok') return r.offset;
  if (r.kind === 'malformed') logger.warn({ file: name, content: r.content }, 'ignoring malformed checkpoint file');
  return null;
}

function rename(dir: string, from: string, to: string): void {
  const src = path.join(dir, from);
  if (fs.existsSync(src)) fs.renameSync(src, path.join(dir, to));
}

/**
 * Completes a compaction swap the manifest committed to: old segments go, `.cleaned` files take their place.
 * Returns the base offset whose indexes must be rebuilt (or null when there was nothing to finish).
 */
export function completeSwap(dir: string, logger: Logger): number | null {
  const manifestPath = path.join(dir, CLEANER_SWAP_FILE);
  if (!fs.existsSync(manifestPath)) return null;
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as SwapManifest;
  const base = manifest.newBaseOffset;
  const logRenamed = !fs.existsSync(path.join(dir, segmentFileName(base, LOG_SUFFIX + CLEANED_SUFFIX)));
  for (const old of manifest.replacedBaseOffsets) {
    if (logRenamed && old === base) continue;
    for (const suffix of [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX]) fs.rmSync(path.join(dir, segmentFileName(old, suffix)), { force: true });
  }
  for (const suffix of [INDEX_SUFFIX, TIME_INDEX_SUFFIX, LOG_SUFFIX]) {
    rename(dir, segmentFileName(base, suffix + CLEANED_SUFFIX), segmentFileName(base, suffix));
  }
  fs.rmSync(manifestPath);
  fsyncDir(dir);
  logger.info({ baseOffset: base, replaced: manifest.replacedBaseOffsets }, 'completed an interrupted compaction swap');
  return base;
}

/** Removes temp files and uncommitted cleaner output. */
function removeLeftovers(dir: string, logger: Logger): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.tmp') || name.endsWith(CLEANED_SUFFIX) || name.endsWith('.deleted')) {
      fs.rmSync(path.join(dir, name), { force: true });
      logger.info({ file: name }, 'removed leftover file');
    }
  }
  // Index files without a segment.
  const names = new Set(fs.readdirSync(dir));
  for (const name of names) {
    const m = /^(\d{20})\.(index|timeindex)$/.exec(name);
    if (m && !names.has(`${m[1]}${LOG_SUFFIX}`)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Loads (and if needed recovers) the log in `dir`, creating an empty log when there is none. */
export function loadLog(dir: string, settings: SegmentSettings, now: number, logger: Logger): LoadedLog {
  fs.mkdirSync(dir, { recursive: true });
  const swapped = completeSwap(dir, logger);
  removeLeftovers(dir, logger);
  const clean = fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE));
  const lsoCheckpoint = readCheckpoint(dir, LOG_START_OFFSET_FILE, logger);
  const rpCheckpoint = clean ? readCheckpoint(dir, RECOVERY_POINT_FILE, logger) : (readCheckpoint(dir, RECOVERY_POINT_FILE, logger) ?? 0);
  const bases = fs
    .readdirSync(dir)
    .map((n) => SEGMENT_NAME_RE.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);

  const segments: LogSegment[] = [];
  let recovered = false;
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i];
    const next = bases[i + 1];
    // Unclean: every segment holding offsets at or after the recovery point is re-checked.
    const mustRecover = !clean && (next === undefined || next > (rpCheckpoint ?? 0));
    const { segment, truncatedBytes, rebuilt } = LogSegment.open(dir, base, settings, mustRecover || base === swapped);
    if (rebuilt) recovered = true;
    segments.push(segment);
    if (truncatedBytes > 0) {
      logger.warn({ segment: segment.logPath, truncatedBytes, nextOffset: segment.nextOffset }, 'truncated a torn or corrupt segment tail');
      for (const later of bases.slice(i + 1)) {
        for (const suffix of [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX]) fs.rmSync(path.join(dir, segmentFileName(later, suffix)), { force: true });
        logger.warn({ baseOffset: later }, 'deleted a segment after a corrupt one');
      }
      break;
    }
  }
  const logStartOffset = Math.max(lsoCheckpoint ?? 0, segments[0]?.baseOffset ?? 0);
  const logEndOffset = segments.length > 0 ? segments[segments.length - 1].nextOffset : 0;
  if (segments.length === 0 || logEndOffset < logStartOffset) {
    // No data, or recovery cut below the checkpointed log start: start empty at the log start offset.
    for (const s of segments) s.deleteFiles();
    segments.length = 0;
    segments.push(LogSegment.create(dir, logStartOffset, settings, now));
  }
  removeFile(dir, CLEAN_SHUTDOWN_FILE, true);
  const cleaner = readCheckpoint(dir, CLEANER_OFFSET_FILE, logger);
  const leo = segments[segments.length - 1].nextOffset;
  return {
    segments,
    logStartOffset,
    recoveryPoint: clean ? Math.min(rpCheckpoint ?? leo, leo) : Math.min(rpCheckpoint ?? 0, leo),
    cleanerCheckpoint: cleaner,
    recovered,
    logStartOffsetStale: lsoCheckpoint !== logStartOffset,
  };
}
