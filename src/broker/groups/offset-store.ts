/**
 * The coordinator's durable state: committed offsets and group generations, kept in memory and appended to
 * `<dataDir>/groups/offsets.jsonl` (offset-log.ts; the dir and file are created by the first write). fsync policy: a change is written and fdatasync'ed before
 * its promise resolves, and only then applied to the in-memory image, so nothing is read (OffsetFetch) or
 * acknowledged (OffsetCommit) before it is on disk. Changes arriving while a write is in flight go out together
 * in the next write (group commit). The file is rewritten atomically from the image (temp file, fsync, rename,
 * fsync of the directory) when it is opened and whenever it holds `compactionMinRecords` more entries (offsets,
 * group records) than live ones, and at least twice as many.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { writeFileAtomic } from '../persistence.js';
import {
  applyRecord, encodeRecord, headerLine, liveEntries, parseLog, snapshotRecords,
  type CommittedOffset, type GroupMeta, type GroupRecord, type GroupsImage, type OffsetEntry,
} from './offset-log.js';

export const GROUPS_DIR = 'groups';
export const OFFSETS_FILE = 'offsets.jsonl';

interface Pending {
  readonly record: GroupRecord;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

export class OffsetStore {
  private readonly queue: Pending[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  /** Set when a failed write could not be undone: every later write fails with it. */
  private broken: Error | null = null;

  private constructor(
    readonly file: string,
    /** null until the first write when there was no file (the groups dir is created on first use). */
    private fh: FileHandle | null,
    private size: number,
    private readonly image: GroupsImage,
    private entriesInFile: number,
    private readonly compactionMinRecords: number,
    private readonly log: Logger,
  ) {}

  /** Loads `<dataDir>/groups/offsets.jsonl` if there is one, rewriting it compacted. */
  static async open(dataDir: string, log: Logger, compactionMinRecords: number): Promise<OffsetStore> {
    const file = join(dataDir, GROUPS_DIR, OFFSETS_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return new OffsetStore(file, null, 0, new Map(), 0, compactionMinRecords, log);
    }
    const parsed = parseLog(file, text);
    if (parsed.tornTail) log.warn({ file }, 'ignoring a torn last record (the previous run stopped mid-write)');
    const { content, entries } = compactedContent(parsed.image);
    await writeFileAtomic(file, content);
    const fh = await open(file, 'a');
    return new OffsetStore(file, fh, Buffer.byteLength(content), parsed.image, entries, compactionMinRecords, log);
  }

  // ---- reads (durable state only) ---------------------------------------------------------------------

  /** Every group with offsets or a stored generation, sorted. */
  groupIds(): string[] {
    return [...this.image.keys()].sort();
  }

  meta(groupId: string): GroupMeta | null {
    return this.image.get(groupId)?.meta ?? null;
  }

  offset(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.image.get(groupId)?.offsets.get(topic)?.get(partition);
  }

  /** All committed offsets of a group, topics and partitions sorted. */
  offsets(groupId: string): OffsetEntry[] {
    const s = this.image.get(groupId);
    if (!s) return [];
    const out: OffsetEntry[] = [];
    for (const topic of [...s.offsets.keys()].sort()) {
      const partitions = s.offsets.get(topic)!;
      for (const partition of [...partitions.keys()].sort((a, b) => a - b)) out.push({ topic, partition, ...partitions.get(partition)! });
    }
    return out;
  }

  hasOffsets(groupId: string): boolean {
    const s = this.image.get(groupId);
    return s !== undefined && [...s.offsets.values()].some((p) => p.size > 0);
  }

  /** Topics any group has offsets for. */
  committedTopics(): Set<string> {
    const topics = new Set<string>();
    for (const s of this.image.values()) for (const [t, p] of s.offsets) if (p.size > 0) topics.add(t);
    return topics;
  }

  // ---- writes (resolve once durable and applied) --------------------------------------------------------

  commit(groupId: string, offsets: readonly OffsetEntry[]): Promise<void> {
    return this.enqueue({ type: 'offsets', group: groupId, offsets });
  }

  setMeta(groupId: string, meta: GroupMeta): Promise<void> {
    return this.enqueue({ type: 'group', group: groupId, meta });
  }

  deleteGroup(groupId: string): Promise<void> {
    return this.enqueue({ type: 'delete-group', group: groupId });
  }

  deleteTopics(topics: readonly string[]): Promise<void> {
    return this.enqueue({ type: 'delete-topics', topics });
  }

  /** Waits for writes in flight, then closes the file. Later writes are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writing) await this.writing;
    await this.fh?.close();
  }

  private enqueue(record: GroupRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`offset store ${this.file} is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        try {
          await this.append(batch.map((p) => p.record));
        } catch (e) {
          const err = e as Error;
          this.log.error({ err, file: this.file }, 'writing group offsets failed');
          for (const p of batch) p.reject(err);
          continue;
        }
        for (const p of batch) applyRecord(this.image, p.record);
        for (const p of batch) this.entriesInFile += entriesOf(p.record);
        for (const p of batch) p.resolve();
        if (this.shouldCompact()) await this.compact();
      }
    } finally {
      this.writing = null;
    }
  }

  private async append(records: readonly GroupRecord[]): Promise<void> {
    if (this.broken) throw this.broken;
    const fh = this.fh ?? (await this.create());
    const data = Buffer.from(records.map((r) => `${encodeRecord(r)}\n`).join(''), 'utf8');
    try {
      await fh.write(data, 0, data.length);
      await fh.datasync();
      this.size += data.length;
    } catch (e) {
      // Undo a partial write, so the next record does not follow half a line.
      try {
        await fh.truncate(this.size);
      } catch (undo) {
        this.broken = new Error(`offset log ${this.file} is unusable after a failed write: ${(undo as Error).message}`);
      }
      throw e;
    }
  }

  /** First write of a store that had no file: the dir, and a file holding just the header. */
  private async create(): Promise<FileHandle> {
    await mkdir(join(this.file, '..'), { recursive: true });
    const { content, entries } = compactedContent(this.image);
    await writeFileAtomic(this.file, content);
    this.fh = await open(this.file, 'a');
    this.size = Buffer.byteLength(content);
    this.entriesInFile = entries;
    return this.fh;
  }

  private shouldCompact(): boolean {
    const live = liveEntries(this.image);
    return this.entriesInFile - live >= this.compactionMinRecords && this.entriesInFile >= 2 * live;
  }

  /** Rewrites the file from the image. A failure leaves the old file (still valid) and is logged. */
  private async compact(): Promise<void> {
    const { content, entries } = compactedContent(this.image);
    try {
      await writeFileAtomic(this.file, content);
    } catch (err) {
      this.log.error({ err, file: this.file }, 'compacting group offsets failed; keeping the uncompacted log');
      return;
    }
    const old = this.fh;
    this.fh = await open(this.file, 'a');
    this.size = Buffer.byteLength(content);
    this.entriesInFile = entries;
    this.broken = null;
    await old?.close();
    this.log.debug({ file: this.file, entries }, 'compacted group offsets');
  }
}

/** Entries a record adds to the file: one per offset, one for anything else. */
function entriesOf(r: GroupRecord): number {
  return r.type === 'offsets' ? r.offsets.length : 1;
}

function compactedContent(image: GroupsImage): { content: string; entries: number } {
  const records = snapshotRecords(image);
  const content = [headerLine(), ...records.map(encodeRecord)].map((l) => `${l}\n`).join('');
  return { content, entries: records.reduce((n, r) => n + entriesOf(r), 0) };
}
