/**
 * Small per-partition state files, written atomically: write `<name>.tmp`, fsync it, rename over the
 * old file, fsync the directory. A reader therefore sees either the old or the new value, also after a
 * crash or power loss. Format (text, Kafka-checkpoint-like): a version line "0" and a value line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Offset below which the log was fsynced and verified: recovery re-checks only what is at or after it. */
export const RECOVERY_POINT_FILE = 'recovery-point';
/** The log start offset (DeleteRecords / retention may leave it inside a segment). */
export const LOG_START_OFFSET_FILE = 'log-start-offset';
/** The compaction cleaner's first dirty offset. */
export const CLEANER_OFFSET_FILE = 'cleaner-offset';
/** Present only between a clean close and the next open: the files need no recovery scan. */
export const CLEAN_SHUTDOWN_FILE = 'clean-shutdown';
const VERSION = '0';

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Atomically replaces `dir/name` with `content`. */
export function writeFileAtomic(dir: string, name: string, content: string): void {
  const target = path.join(dir, name);
  const tmp = target + '.tmp';
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
  fsyncDir(dir);
}

export function writeOffsetCheckpoint(dir: string, name: string, offset: number): void {
  writeFileAtomic(dir, name, `${VERSION}\n${offset}\n`);
}

export type CheckpointRead = { readonly kind: 'missing' } | { readonly kind: 'malformed'; readonly content: string } | { readonly kind: 'ok'; readonly offset: number };

export function readOffsetCheckpoint(dir: string, name: string): CheckpointRead {
  let content: string;
  try {
    content = fs.readFileSync(path.join(dir, name), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  const lines = content.split('\n');
  const offset = Number(lines[1]);
  if (lines[0] !== VERSION || lines[1] === undefined || lines[1] === '' || !Number.isSafeInteger(offset) || offset < 0) {
    return { kind: 'malformed', content };
  }
  return { kind: 'ok', offset };
}

export function removeFile(dir: string, name: string, sync: boolean): void {
  const p = path.join(dir, name);
  if (!fs.existsSync(p)) return;
  fs.rmSync(p, { force: true });
  if (sync) fsyncDir(dir);
}
