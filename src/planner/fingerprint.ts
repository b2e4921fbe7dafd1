/**
 * fingerprintClusterState(state): a SHA-256 over a canonical JSON of what a plan depends on — the cluster id,
 * brokers (id, rack, online), topics (name, internal, keyed), each partition's replica list, and every config
 * (value and source) except those whose source is DEFAULT_CONFIG (Kafka's built-in defaults: they change only with
 * the Kafka version, and a config that stops being a default changes its source, which is hashed). Leaders, ISRs,
 * sizes, hosts and ports are left out: they change without making a plan stale.
 * Canonical: brokers by id, topics by name, partitions by number, configs by name; the input's order does not
 * matter. Pure (node:crypto's hash only); streamed through a 64 KiB buffer, so a large cluster never becomes one big string.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ClusterState, TopicState } from '../model/cluster-state.js';

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A JSON string literal; names and config keys are almost always plain ASCII, which needs no escaping. */
function jsonString(text: string): string {
  return /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(text) ? `"${text}"` : JSON.stringify(text);
}

/**
 * The canonical text written straight into a 64 KiB buffer (UTF-8, as `hash.update(string)` encodes it) and hashed
 * a buffer at a time: 200,000 partitions would otherwise build millions of short-lived strings.
 */
class HashWriter {
  private readonly buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;

  constructor(private readonly hash: Hash) {}

  text(text: string): void {
    if (this.len + text.length * 3 > this.buf.length) this.flush();
    if (text.length * 3 > this.buf.length) this.hash.update(text);
    else this.len += this.buf.write(text, this.len, 'utf8');
  }

  /** One ASCII character. */
  char(code: number): void {
    if (this.len === this.buf.length) this.flush();
    this.buf[this.len++] = code;
  }

  /** A number as String(n) (JavaScript's template and join) prints it; small non-negative integers digit by digit. */
  number(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < 1e9)) {
      this.text(String(n));
      return;
    }
    if (this.len + 10 > this.buf.length) this.flush();
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    for (let i = this.len + digits - 1, rest = n; i >= this.len; i--, rest = Math.floor(rest / 10)) this.buf[i] = 48 + (rest % 10);
    this.len += digits;
  }

  flush(): void {
    if (this.len === 0) return;
    this.hash.update(this.buf.subarray(0, this.len));
    this.len = 0;
  }
}

const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/** `[name,internal,keyed,[[partition,[replicas]]…],[[config,value,source]…]]` */
function writeTopic(out: HashWriter, name: string, topic: TopicState): void {
  let partitions = topic.partitions;
  for (let i = 1; i < partitions.length; i++) {
    if (partitions[i - 1].partition >= partitions[i].partition) {
      partitions = [...partitions].sort((a, b) => a.partition - b.partition);
      break;
    }
  }
  out.text(`[${jsonString(name)},${topic.internal === true},${topic.keyed ?? null},[`);
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i];
    if (i > 0) out.char(COMMA);
    out.char(OPEN);
    out.number(p.partition);
    out.char(COMMA);
    out.char(OPEN);
    // As Array.prototype.join prints elements (a missing one as nothing).
    const replicas = p.replicas;
    for (let r = 0; r < replicas.length; r++) {
      if (r > 0) out.char(COMMA);
      const id: unknown = replicas[r];
      if (typeof id === 'number') out.number(id);
      else if (id !== null && id !== undefined) out.text(String(id));
    }
    out.char(CLOSE);
    out.char(CLOSE);
  }
  out.text('],[');
  const configs = topic.configs;
  const keys: string[] = [];
  // for…in walks V8's enum cache (no key array per topic); own keys only, and they are sorted below.
  for (const key in configs) if (Object.hasOwn(configs, key) && configs[key].source !== 'DEFAULT_CONFIG') keys.push(key);
  if (keys.length > 1) keys.sort(byCodeUnit);
  for (let i = 0; i < keys.length; i++) {
    const entry = configs[keys[i]];
    out.text(`${i === 0 ? '' : ','}[${jsonString(keys[i])},${entry.value === null ? 'null' : jsonString(entry.value)},"${entry.source}"]`);
  }
  out.text(']]');
}

/** Hex SHA-256 of the canonical form (64 characters). */
export function fingerprintClusterState(state: ClusterState): string {
  const hash = createHash('sha256');
  const brokers = [...state.brokers].sort((a, b) => a.id - b.id).map((b) => [b.id, b.rack, b.online !== false]);
  hash.update(`{"version":1,"clusterId":${JSON.stringify(state.clusterId ?? null)},"brokers":${JSON.stringify(brokers)},"topics":[`);
  const out = new HashWriter(hash);
  Object.keys(state.topics)
    .sort(byCodeUnit)
    .forEach((name, i) => {
      if (i > 0) out.char(COMMA);
      writeTopic(out, name, state.topics[name]);
    });
  out.text(']}');
  out.flush();
  return hash.digest('hex');
}
