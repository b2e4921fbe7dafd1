/**
 * What the segment indexes (offset-index.ts, time-index.ts) share: fixed-size entries kept in memory, each with a
 * relative offset (plus the index's own column), written to the file incrementally at flush/roll/close; truncation
 * by offset; the file's sanity on load. A subclass supplies the entry size, its other column and the encoding.
 */
import * as fs from 'node:fs';

export abstract class IndexFile {
  /** Relative offset of each entry (offset − baseOffset). */
  protected rel = new Int32Array(16);
  protected count = 0;
  /** Entries known to be in the file. */
  protected persisted = 0;

  protected constructor(
    readonly path: string,
    readonly baseOffset: number,
    private maxEntries: number,
    private readonly entrySize: number,
  ) {}

  get entries(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  setMaxEntries(maxIndexBytes: number): void {
    this.maxEntries = Math.floor(maxIndexBytes / this.entrySize);
  }

  /** Drops entries whose offset is >= target (their batches are being truncated away). */
  truncateToOffset(target: number): void {
    const rel = target - this.baseOffset;
    let n = this.count;
    while (n > 0 && this.rel[n - 1] >= rel) n--;
    this.truncateToEntries(n);
  }

  reset(): void {
    this.truncateToEntries(0);
  }

  /**
   * Writes entries not yet in the file after the ones already there (first shrinking a file that holds more or
   * different entries, after a truncation or a rebuild); fsyncs when asked.
   */
  persist(sync: boolean): void {
    const size = this.entrySize;
    const fd = fs.openSync(this.path, fs.constants.O_WRONLY | fs.constants.O_CREAT);
    try {
      const st = fs.fstatSync(fd);
      if (st.size !== this.persisted * size) {
        this.persisted = Math.min(this.persisted, Math.floor(st.size / size));
        fs.ftruncateSync(fd, this.persisted * size);
      }
      if (this.count > this.persisted) {
        const buf = Buffer.allocUnsafe((this.count - this.persisted) * size);
        for (let i = this.persisted, o = 0; i < this.count; i++, o += size) this.encode(buf, i, o);
        fs.writeSync(fd, buf, 0, buf.length, this.persisted * size);
        this.persisted = this.count;
      }
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Writes entry `entry` at `at` of `buf`. */
  protected abstract encode(buf: Buffer, entry: number, at: number): void;

  /** Index of the last entry for which `test` holds, when it holds for a prefix of the entries; -1 for none. */
  protected lastWhere(test: (entry: number) => boolean): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (test(mid)) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** After dropping in-memory entries down to `n`: shrinks the file too if it held more. */
  private truncateToEntries(n: number): void {
    this.count = n;
    if (this.persisted <= n) return;
    if (fs.existsSync(this.path)) fs.truncateSync(this.path, n * this.entrySize);
    this.persisted = n;
  }
}

/** An index file's bytes; null when it is missing or not a whole number of `entrySize` entries. */
export function readIndexFile(path: string, entrySize: number): Buffer | null {
  let data: Buffer;
  try {
    data = fs.readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return data.length % entrySize === 0 ? data : null;
}

/** Doubles a typed array's capacity, keeping its contents. */
export function grow<T extends Int32Array | Float64Array>(a: T): T {
  const bigger = new (a.constructor as new (length: number) => T)(a.length * 2);
  bigger.set(a);
  return bigger;
}
