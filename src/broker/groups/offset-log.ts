/**
 * `<dataDir>/groups/offsets.jsonl`: the group coordinator's durable state, one JSON record a line (the role
 * __consumer_offsets plays in Kafka). The first line is a header; then records are appended and replayed in
 * order: committed offsets, a group's generation and protocol, group deletions, topic deletions. A crash can
 * only tear the last line (it has no newline yet): loading ignores such a tail. Anything else unreadable is a
 * GroupOffsetsFileError. The in-memory image the records build is `GroupsImage`; a snapshot of an image is the
 * list of records that rebuilds it (what compaction writes).
 */

export const OFFSETS_FILE_FORMAT = 'topicops-group-offsets';
export const OFFSETS_FILE_VERSION = 1;

export interface CommittedOffset {
  readonly offset: bigint;
  /** -1 when the client sent none. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  /** Milliseconds since the epoch, when the coordinator accepted the commit. */
  readonly commitTimestamp: number;
}

export interface OffsetEntry extends CommittedOffset {
  readonly topic: string;
  readonly partition: number;
}

/** What is kept of a group besides its offsets (Kafka also keeps members; see SKIPPED.md). */
export interface GroupMeta {
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
}

export type GroupRecord =
  | { readonly type: 'offsets'; readonly group: string; readonly offsets: readonly OffsetEntry[] }
  | { readonly type: 'group'; readonly group: string; readonly meta: GroupMeta }
  | { readonly type: 'delete-group'; readonly group: string }
  | { readonly type: 'delete-topics'; readonly topics: readonly string[] };

export interface GroupState {
  meta: GroupMeta | null;
  /** topic → partition → offset */
  readonly offsets: Map<string, Map<number, CommittedOffset>>;
}

/** group id → state */
export type GroupsImage = Map<string, GroupState>;

export class GroupOffsetsFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot load ${file}: ${reason}`);
    this.name = 'GroupOffsetsFileError';
  }
}

export function headerLine(): string {
  return JSON.stringify({ format: OFFSETS_FILE_FORMAT, version: OFFSETS_FILE_VERSION });
}

type OffsetTuple = [topic: string, partition: number, offset: string, leaderEpoch: number, metadata: string, commitTimestamp: number];

export function encodeRecord(r: GroupRecord): string {
  if (r.type !== 'offsets') return JSON.stringify(r);
  const offsets: OffsetTuple[] = r.offsets.map((o) => [o.topic, o.partition, o.offset.toString(), o.leaderEpoch, o.metadata, o.commitTimestamp]);
  return JSON.stringify({ type: r.type, group: r.group, offsets });
}

function isStringOrNull(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

/** Decodes one line; a message naming what is wrong when it is not a record. */
export function decodeRecord(line: string): GroupRecord | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  const r = v as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') return 'not an object';
  switch (r.type) {
    case 'offsets': {
      if (typeof r.group !== 'string' || !Array.isArray(r.offsets)) return 'offsets record without group or offsets';
      const offsets: OffsetEntry[] = [];
      for (const t of r.offsets as unknown[]) {
        const [topic, partition, offset, leaderEpoch, metadata, commitTimestamp] = Array.isArray(t) ? t : [];
        if (typeof topic !== 'string' || !Number.isInteger(partition) || typeof offset !== 'string' || !/^-?\d+$/.test(offset) ||
          !Number.isInteger(leaderEpoch) || typeof metadata !== 'string' || typeof commitTimestamp !== 'number') {
          return `bad offset entry ${JSON.stringify(t)}`;
        }
        offsets.push({ topic, partition: partition as number, offset: BigInt(offset), leaderEpoch: leaderEpoch as number, metadata, commitTimestamp });
      }
      return { type: 'offsets', group: r.group, offsets };
    }
    case 'group': {
      const m = r.meta as Record<string, unknown> | null;
      if (typeof r.group !== 'string' || !m || !Number.isInteger(m.generationId) || !isStringOrNull(m.protocolType) || !isStringOrNull(m.protocolName)) {
        return 'group record without group or meta';
      }
      return { type: 'group', group: r.group, meta: { generationId: m.generationId as number, protocolType: m.protocolType, protocolName: m.protocolName } };
    }
    case 'delete-group':
      return typeof r.group === 'string' ? { type: 'delete-group', group: r.group } : 'delete-group record without group';
    case 'delete-topics':
      return Array.isArray(r.topics) && r.topics.every((t) => typeof t === 'string')
        ? { type: 'delete-topics', topics: r.topics as string[] }
        : 'delete-topics record without topics';
    default:
      return `unknown record type ${JSON.stringify(r.type)}`;
  }
}

/** Applies one record to the image. */
export function applyRecord(image: GroupsImage, r: GroupRecord): void {
  const stateOf = (group: string): GroupState => {
    let s = image.get(group);
    if (!s) {
      s = { meta: null, offsets: new Map() };
      image.set(group, s);
    }
    return s;
  };
  switch (r.type) {
    case 'offsets': {
      const s = stateOf(r.group);
      for (const { topic, partition, ...committed } of r.offsets) {
        let partitions = s.offsets.get(topic);
        if (!partitions) {
          partitions = new Map();
          s.offsets.set(topic, partitions);
        }
        partitions.set(partition, committed);
      }
      return;
    }
    case 'group':
      stateOf(r.group).meta = r.meta;
      return;
    case 'delete-group':
      image.delete(r.group);
      return;
    case 'delete-topics':
      for (const s of image.values()) for (const t of r.topics) s.offsets.delete(t);
      return;
  }
}

/** The records that rebuild `image` (groups and topics sorted, so the file is stable). */
export function snapshotRecords(image: GroupsImage): GroupRecord[] {
  const records: GroupRecord[] = [];
  for (const group of [...image.keys()].sort()) {
    const s = image.get(group)!;
    if (s.meta) records.push({ type: 'group', group, meta: s.meta });
    const offsets: OffsetEntry[] = [];
    for (const topic of [...s.offsets.keys()].sort()) {
      const partitions = s.offsets.get(topic)!;
      for (const p of [...partitions.keys()].sort((a, b) => a - b)) offsets.push({ topic, partition: p, ...partitions.get(p)! });
    }
    if (offsets.length > 0) records.push({ type: 'offsets', group, offsets });
  }
  return records;
}

/** Live entries in the image: what a compacted file would hold (offsets plus group records). */
export function liveEntries(image: GroupsImage): number {
  let n = 0;
  for (const s of image.values()) {
    n += s.meta ? 1 : 0;
    for (const partitions of s.offsets.values()) n += partitions.size;
  }
  return n;
}

export interface ParsedLog {
  readonly image: GroupsImage;
  /** Records replayed (header excluded). */
  readonly records: number;
  /** A torn last line was ignored. */
  readonly tornTail: boolean;
}

/** Replays the file's text. Throws GroupOffsetsFileError for anything but a torn last line. */
export function parseLog(file: string, text: string): ParsedLog {
  const image: GroupsImage = new Map();
  if (text === '') return { image, records: 0, tornTail: false };
  const lines = text.split('\n');
  // After the final newline split() leaves "", else the last element is a line the crash cut short.
  const last = lines.pop()!;
  const tornTail = last !== '';
  const header = lines.shift();
  if (header === undefined) return { image, records: 0, tornTail };
  const h = parseHeader(header);
  if (h?.format !== OFFSETS_FILE_FORMAT) throw new GroupOffsetsFileError(file, `not a ${OFFSETS_FILE_FORMAT} file`);
  if (h.version !== OFFSETS_FILE_VERSION) throw new GroupOffsetsFileError(file, `unsupported version ${String(h.version)}`);
  let records = 0;
  for (const [i, line] of lines.entries()) {
    const r = decodeRecord(line);
    if (typeof r === 'string') throw new GroupOffsetsFileError(file, `line ${i + 2}: ${r}`);
    applyRecord(image, r);
    records++;
  }
  return { image, records, tornTail };
}

function parseHeader(line: string): { format?: unknown; version?: unknown } | null {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' ? (v as { format?: unknown; version?: unknown }) : null;
  } catch (e) {
    if (e instanceof SyntaxError) return null;
    throw e;
  }
}
