/**
 * Kafka's sparse offset index (`<baseOffset>.index`): 8-byte entries of relative offset (int32) and
 * file position (int32), one per `index.interval.bytes` of log. The key is the *last* offset of the
 * batch that starts at the position (Kafka's LogSegment.append), so a floor lookup for offset X gives a
 * position at or before the batch holding X.
 *
 * Entries live in memory; the file is written at flush/roll/close (`persist`). Recovery rebuilds the
 * index of every segment past the recovery point, so an index file that lags its segment is harmless.
 */
import { grow, IndexFile, readIndexFile } from './index-file.js';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export class OffsetIndex extends IndexFile {
  private pos = new Int32Array(16);

  constructor(path: string, baseOffset: number, maxEntries: number) {
    super(path, baseOffset, maxEntries, OFFSET_INDEX_ENTRY_SIZE);
  }

  /**
   * Loads an index file; returns null when it is missing or fails Kafka's sanity checks
   * (size a multiple of 8, offsets and positions strictly increasing, positions inside the segment).
   */
  static load(path: string, baseOffset: number, maxIndexBytes: number, segmentSize: number): OffsetIndex | null {
    const data = readIndexFile(path, OFFSET_INDEX_ENTRY_SIZE);
    if (data === null) return null;
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
    const found = this.lastWhere((i) => this.rel[i] <= rel);
    return found < 0 ? 0 : this.pos[found];
  }

  protected encode(buf: Buffer, entry: number, at: number): void {
    buf.writeInt32BE(this.rel[entry], at);
    buf.writeInt32BE(this.pos[entry], at + 4);
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
