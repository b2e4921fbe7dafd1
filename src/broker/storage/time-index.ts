/**
 * Kafka's time index (`<baseOffset>.timeindex`): 12-byte entries of timestamp (int64) and relative
 * offset (int32). Each entry is (max timestamp seen so far in the segment, offset of that record's batch),
 * appended only when the max timestamp grows (Kafka's TimeIndex.maybeAppend). A closed segment gets a
 * final entry for its max timestamp, so its last entry is the segment's largest timestamp.
 *
 * Like the offset index, entries live in memory and reach the file at flush/roll/close.
 */
import * as fs from 'node:fs';
import { grow, persistIndexEntries, truncateIndexFile } from './index-file.js';
import { readInt64, writeInt64 } from './binary.js';

export const TIME_INDEX_ENTRY_SIZE = 12;

export class TimeIndex {
  private ts: Float64Array;
  private rel: Int32Array;
  private count = 0;
  private persisted = 0;

  constructor(
    readonly path: string,
    readonly baseOffset: number,
    private maxEntries: number,
  ) {
    this.ts = new Float64Array(16);
    this.rel = new Int32Array(16);
  }

  /** Loads the file; null when missing or not sane (size multiple of 12, timestamps and offsets non-decreasing). */
  static load(path: string, baseOffset: number, maxIndexBytes: number): TimeIndex | null {
    let data: Buffer;
    try {
      data = fs.readFileSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (data.length % TIME_INDEX_ENTRY_SIZE !== 0) return null;
    const n = data.length / TIME_INDEX_ENTRY_SIZE;
    const index = new TimeIndex(path, baseOffset, Math.max(n, Math.floor(maxIndexBytes / TIME_INDEX_ENTRY_SIZE)));
    let lastTs = -Infinity;
    let lastRel = -1;
    for (let i = 0; i < n; i++) {
      const ts = readInt64(data, i * 12);
      const rel = data.readInt32BE(i * 12 + 8);
      if (ts <= lastTs || rel < lastRel || rel < 0) return null;
      index.push(ts, rel);
      lastTs = ts;
      lastRel = rel;
    }
    index.persisted = n;
    return index;
  }

  get entries(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  setMaxEntries(maxIndexBytes: number): void {
    this.maxEntries = Math.floor(maxIndexBytes / TIME_INDEX_ENTRY_SIZE);
  }

  lastEntry(): { timestamp: number; offset: number } | null {
    if (this.count === 0) return null;
    return { timestamp: this.ts[this.count - 1], offset: this.baseOffset + this.rel[this.count - 1] };
  }

  /** Appends (timestamp, offset) if the timestamp is larger than the last entry's. */
  maybeAppend(timestamp: number, offset: number): void {
    if (timestamp < 0) return;
    if (this.count > 0 && timestamp <= this.ts[this.count - 1]) return;
    const rel = offset - this.baseOffset;
    if (this.count > 0 && rel < this.rel[this.count - 1]) return;
    this.push(timestamp, rel);
  }

  /**
   * The last entry whose timestamp is strictly below `target` (every record up to its offset is older than
   * the target, so the search for the first record >= target can start there); null when there is none.
   */
  lookupBefore(target: number): { timestamp: number; offset: number } | null {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid] < target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? null : { timestamp: this.ts[found], offset: this.baseOffset + this.rel[found] };
  }

  /** Drops entries whose offset is >= target. */
  truncateToOffset(target: number): void {
    const rel = target - this.baseOffset;
    let n = this.count;
    while (n > 0 && this.rel[n - 1] >= rel) n--;
    this.truncateToEntries(n);
  }

  reset(): void {
    this.truncateToEntries(0);
  }

  persist(sync: boolean): void {
    this.persisted = persistIndexEntries(this.path, TIME_INDEX_ENTRY_SIZE, this.persisted, this.count, (buf, i, o) => {
      writeInt64(buf, this.ts[i], o);
      buf.writeInt32BE(this.rel[i], o + 8);
    }, sync);
  }

  private truncateToEntries(n: number): void {
    this.count = n;
    this.persisted = truncateIndexFile(this.path, TIME_INDEX_ENTRY_SIZE, this.persisted, n);
  }

  private push(ts: number, rel: number): void {
    if (this.count === this.ts.length) {
      this.ts = grow(this.ts);
      this.rel = grow(this.rel);
    }
    this.ts[this.count] = ts;
    this.rel[this.count] = rel;
    this.count++;
  }
}
