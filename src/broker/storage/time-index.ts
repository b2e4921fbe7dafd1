/**
 * Kafka's time index (`<baseOffset>.timeindex`): 12-byte entries of timestamp (int64) and relative
 * offset (int32). Each entry is (max timestamp seen so far in the segment, offset of that record's batch),
 * appended only when the max timestamp grows (Kafka's TimeIndex.maybeAppend). A closed segment gets a
 * final entry for its max timestamp, so its last entry is the segment's largest timestamp.
 *
 * Like the offset index, entries live in memory and reach the file at flush/roll/close.
 */
import { readInt64, writeInt64 } from './binary.js';
import { grow, IndexFile, readIndexFile } from './index-file.js';

export const TIME_INDEX_ENTRY_SIZE = 12;

export class TimeIndex extends IndexFile {
  private ts = new Float64Array(16);

  constructor(path: string, baseOffset: number, maxEntries: number) {
    super(path, baseOffset, maxEntries, TIME_INDEX_ENTRY_SIZE);
  }

  /** Loads the file; null when missing or not sane (size multiple of 12, timestamps and offsets non-decreasing). */
  static load(path: string, baseOffset: number, maxIndexBytes: number): TimeIndex | null {
    const data = readIndexFile(path, TIME_INDEX_ENTRY_SIZE);
    if (data === null) return null;
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
    const found = this.lastWhere((i) => this.ts[i] < target);
    return found < 0 ? null : { timestamp: this.ts[found], offset: this.baseOffset + this.rel[found] };
  }

  protected encode(buf: Buffer, entry: number, at: number): void {
    writeInt64(buf, this.ts[entry], at);
    buf.writeInt32BE(this.rel[entry], at + 8);
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
