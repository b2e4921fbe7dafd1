/**
 * The file half of the segment indexes (offset-index.ts, time-index.ts): fixed-size entries kept in memory and
 * written to the file incrementally. Each index keeps its own entries; these functions only move bytes.
 */
import * as fs from 'node:fs';

/**
 * Writes entries [persisted, count) after the `persisted` ones already in the file (first shrinking a file that
 * holds more or different entries, after a truncation or a rebuild); fsyncs when asked. Returns the new `persisted`.
 */
export function persistIndexEntries(
  path: string,
  entrySize: number,
  persisted: number,
  count: number,
  encode: (buf: Buffer, entry: number, offset: number) => void,
  sync: boolean,
): number {
  const fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT);
  try {
    const st = fs.fstatSync(fd);
    if (st.size !== persisted * entrySize) {
      persisted = Math.min(persisted, Math.floor(st.size / entrySize));
      fs.ftruncateSync(fd, persisted * entrySize);
    }
    if (count > persisted) {
      const buf = Buffer.allocUnsafe((count - persisted) * entrySize);
      for (let i = persisted, o = 0; i < count; i++, o += entrySize) encode(buf, i, o);
      fs.writeSync(fd, buf, 0, buf.length, persisted * entrySize);
      persisted = count;
    }
    if (sync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return persisted;
}

/** After dropping in-memory entries down to `n`: shrinks the file too if it held more. Returns the new `persisted`. */
export function truncateIndexFile(path: string, entrySize: number, persisted: number, n: number): number {
  if (persisted <= n) return persisted;
  if (fs.existsSync(path)) fs.truncateSync(path, n * entrySize);
  return n;
}

/** Doubles a typed array's capacity, keeping its contents. */
export function grow<T extends Int32Array | Float64Array>(a: T): T {
  const bigger = new (a.constructor as new (length: number) => T)(a.length * 2);
  bigger.set(a);
  return bigger;
}
