/**
 * fingerprintClusterState(state): a SHA-256 over a canonical binary encoding of what a plan depends on — the
 * cluster id, brokers (id, rack, online), topics (name, internal, keyed), each partition's replica list, and every
 * config (value and source) except those whose source is DEFAULT_CONFIG (Kafka's built-in defaults: they change only
 * with the Kafka version, and a config that stops being a default changes its source, which is hashed). Leaders,
 * ISRs, sizes, hosts and ports are left out: they change without making a plan stale.
 * Canonical: brokers by id, topics by name, partitions by number, configs by name; the input's order does not
 * matter. Unambiguous: every string and list is prefixed by its length. Pure (node:crypto's hash only); streamed
 * through a 64 KiB buffer, so 200,000 partitions never become millions of short strings or one big one.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ClusterState, TopicState } from '../model/cluster-state.js';

/** Bumped whenever the encoding changes: a plan saved by another version then reads as computed on another state. */
const ENCODING_VERSION = 2;

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Little-endian fields written straight into a 64 KiB buffer and hashed a buffer at a time. */
class HashWriter {
  private readonly buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;

  constructor(private readonly hash: Hash) {}

  private room(bytes: number): void {
    if (this.len + bytes > this.buf.length) this.flush();
  }

  byte(value: number): void {
    this.room(1);
    this.buf[this.len++] = value;
  }

  /** An unsigned 32-bit count or id; anything else (negative, fractional, not a number) is written as its text. */
  uint(value: unknown): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xfffffffe) {
      this.uint32(0xffffffff);
      this.string(String(value));
      return;
    }
    this.uint32(value);
  }

  private uint32(value: number): void {
    this.room(4);
    const buf = this.buf;
    const at = this.len;
    buf[at] = value & 0xff;
    buf[at + 1] = (value >>> 8) & 0xff;
    buf[at + 2] = (value >>> 16) & 0xff;
    buf[at + 3] = value >>> 24;
    this.len = at + 4;
  }

  /** UTF-8 bytes prefixed by their count; null as the count 0xffffffff. */
  string(text: string | null): void {
    if (text === null) {
      this.uint32(0xffffffff);
      return;
    }
    if (text.length * 3 + 4 > this.buf.length) {
      const bytes = Buffer.from(text, 'utf8');
      this.uint32(bytes.length);
      this.flush();
      this.hash.update(bytes);
      return;
    }
    this.room(text.length * 3 + 4);
    const at = this.len;
    const written = this.buf.write(text, at + 4, 'utf8');
    this.len = at;
    this.uint32(written);
    this.len += written;
  }

  flush(): void {
    if (this.len === 0) return;
    this.hash.update(this.buf.subarray(0, this.len));
    this.len = 0;
  }

  /** Hex digest of everything written. */
  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }
}

/** 0 false/absent, 1 true, 2 null/unknown. */
function flag(value: boolean | null | undefined, absent: 0 | 2): number {
  return value === true ? 1 : value === false ? 0 : absent;
}

function writeTopic(out: HashWriter, name: string, topic: TopicState): void {
  let partitions = topic.partitions;
  for (let i = 1; i < partitions.length; i++) {
    if (partitions[i - 1].partition >= partitions[i].partition) {
      partitions = [...partitions].sort((a, b) => a.partition - b.partition);
      break;
    }
  }
  out.string(name);
  out.byte(flag(topic.internal, 0));
  out.byte(flag(topic.keyed, 2));
  out.uint(partitions.length);
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i];
    const replicas = p.replicas;
    out.uint(p.partition);
    out.uint(replicas.length);
    for (let r = 0; r < replicas.length; r++) out.uint(replicas[r]);
  }
  const configs = topic.configs;
  const keys: string[] = [];
  // for…in walks V8's enum cache (no key array per topic, no per-key own-property check: config maps are plain
  // objects, with nothing enumerable inherited); sorted below.
  for (const key in configs) if (configs[key].source !== 'DEFAULT_CONFIG') keys.push(key);
  if (keys.length > 1) keys.sort(byCodeUnit);
  out.uint(keys.length);
  for (const key of keys) {
    const entry = configs[key];
    out.string(key);
    out.string(entry.value);
    out.string(entry.source);
  }
}

/** Hex SHA-256 of the canonical encoding (64 characters). */
export function fingerprintClusterState(state: ClusterState): string {
  const out = new HashWriter(createHash('sha256'));
  out.uint(ENCODING_VERSION);
  out.string(state.clusterId ?? null);
  const brokers = [...state.brokers].sort((a, b) => a.id - b.id);
  out.uint(brokers.length);
  for (const b of brokers) {
    out.uint(b.id);
    out.string(b.rack ?? null);
    out.byte(flag(b.online !== false, 0));
  }
  const names = Object.keys(state.topics);
  // Often in order already (a cluster lists its topics by name): a pass to check is cheaper than sorting 20,000 names.
  if (!names.every((name, i) => i === 0 || names[i - 1] < name)) names.sort(byCodeUnit);
  out.uint(names.length);
  for (const name of names) writeTopic(out, name, state.topics[name]);
  return out.digest();
}
