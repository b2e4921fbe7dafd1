/**
 * Kafka's sparse offset index (`<baseOffset>.index`): 8-byte entries of relative offset (int32) and
 * file position (int32), one per `index.interval.bytes` of log. The key is the *last* offset of the
 * batch that starts at the position (Kafka's LogSegment.append), so a floor lookup for offset X gives a
 * position at or before the batch holding X.
 *
 * Entries live in memory; the file is written at flush/roll/close (`persist`). Recovery rebuilds the
 * index of every segment past the recovery point, so an index file that lags its segment is harmless.
 */
import * as fs from 'node:fs';
import { grow, persistIndexEntries, truncateIndexFile } from './index-file.js';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export class OffsetIndex {
  private rel: Int32Array;
  private pos: Int32Array;
  private count = 0;
  /** Entries known to be in the file. */
  private persisted = 0;

  constructor(
    readonly path: string,
    readonly baseOffset: number,
    private maxEntries: number,
  ) {
    this.rel = new Int32Array(16);
    this.pos = new Int32Array(16);
  }

  /**
   * Loads an index file; returns null when it is missing or fails Kafka's sanity checks
   * (size a multiple of 8, offsets and positions strictly increasing, positions inside the segment).
   */
  static load(path: string, baseOffset: number, maxIndexBytes: number, segmentSize: number): OffsetIndex | null {
    let data: Buffer;
    try {
      data = fs.readFileSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (data.length % OFFSET_INDEX_ENTRY_SIZE !== 0) return null;
    const n = data.length / OFFSET_INDEX_ENTRY_SIZE;
    const index = new OffsetIndex(path, baseOffset, Math.max(n, Math.floor(maxIndexBytes / OFFSET_INDEX_ENTRY_SIZE)));
    let lastRel = -1;
    let lastPos = -1;
    for (let i = 0; i < n; i++) {
      const rel = data.readInt32BE(i * 8);
      const pos = data.readInt32BE(i * 8 + 4);
      if (rel <= lastRel || pos <= lastPos || pos >= segmentSize) return null;
      index.push(rel, pos);
      lastRel = rel;
      lastPos = pos;
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
    this.maxEntries = Math.floor(maxIndexBytes / OFFSET_INDEX_ENTRY_SIZE);
  }

  /** Last entry as absolute offset and position, or null. */
  lastEntry(): { offset: number; position: number } | null {
    if (this.count === 0) return null;
    return { offset: this.baseOffset + this.rel[this.count - 1], position: this.pos[this.count - 1] };
  }

  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    if (this.count > 0 && (rel <= this.rel[this.count - 1] || position <= this.pos[this.count - 1])) {
      throw new Error(`Attempt to append an offset index entry (${offset}, ${position}) not after the last one in ${this.path}`);
    }
    this.push(rel, position);
  }

  /** Position of the largest entry whose offset is <= target; 0 when there is none. */
  lookup(target: number): number {
    const rel = target - this.baseOffset;
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rel[mid] <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.pos[found];
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

  /** Writes entries not yet in the file (and shrinks the file after a truncation); fsyncs when asked. */
  persist(sync: boolean): void {
    this.persisted = persistIndexEntries(this.path, OFFSET_INDEX_ENTRY_SIZE, this.persisted, this.count, (buf, i, o) => {
      buf.writeInt32BE(this.rel[i], o);
      buf.writeInt32BE(this.pos[i], o + 4);
    }, sync);
  }

  private truncateToEntries(n: number): void {
    this.count = n;
    this.persisted = truncateIndexFile(this.path, OFFSET_INDEX_ENTRY_SIZE, this.persisted, n);
  }

  private push(rel: number, position: number): void {
    if (this.count === this.rel.length) {
      this.rel = grow(this.rel);
      this.pos = grow(this.pos);
    }
    this.rel[this.count] = rel;
    this.pos[this.count] = position;
    this.count++;
  }
}
