/**
 * Positional file I/O for segments: full reads/writes and a windowed scan over batch headers.
 */
import * as fs from 'node:fs';
import { CorruptRecordError } from './errors.js';
import { LOG_OVERHEAD, RECORD_BATCH_OVERHEAD, checkBatchHeader, readBatchHeader, type RecordBatchHeader } from './record-batch.js';

const SCAN_WINDOW = 64 * 1024;
/**
 * Read window shared by every segment's header scan. Safe because scans are synchronous and no visitor
 * starts another scan; nothing read into it escapes (headers are decoded into plain numbers).
 */
let scanWindow = Buffer.allocUnsafe(0);

/** Visit returns false to stop. */
export type HeaderVisitor = (h: RecordBatchHeader) => boolean | void;

/** Reads exactly `length` bytes at `position` (short only at end of file). */
export function readFully(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

export function writeFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done, position + done);
}

/** Iterates the batch headers of file `fd` in [from, to), reading through a window; throws CorruptRecordError on bad framing. */
export function scanBatchHeaders(fd: number, from: number, to: number, visit: HeaderVisitor, filePath: string): void {
  let win = scanWindow;
  let winStart = 0;
  let winLen = 0;
  let pos = from;
  while (pos < to) {
    if (to - pos < LOG_OVERHEAD || to - pos < RECORD_BATCH_OVERHEAD) {
      throw new CorruptRecordError(`Truncated batch header at position ${pos} of ${filePath}`);
    }
    if (pos < winStart || pos + RECORD_BATCH_OVERHEAD > winStart + winLen) {
      if (win.length === 0) win = scanWindow = Buffer.allocUnsafe(SCAN_WINDOW);
      winStart = pos;
      winLen = readFully(fd, win, 0, Math.min(win.length, to - pos), pos);
      if (winLen < RECORD_BATCH_OVERHEAD) throw new CorruptRecordError(`Short read at position ${pos} of ${filePath}`);
    }
    const h = readBatchHeader(win, pos - winStart, pos);
    checkBatchHeader(h);
    if (pos + h.sizeInBytes > to) throw new CorruptRecordError(`Batch at position ${pos} of ${filePath} runs past the end of the segment`);
    if (visit(h) === false) return;
    pos += h.sizeInBytes;
  }
}
