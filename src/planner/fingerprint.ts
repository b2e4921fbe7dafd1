/**
 * fingerprintClusterState(state): a SHA-256 over a canonical JSON of what a plan depends on — the cluster id,
 * brokers (id, rack, online), topics (name, internal, keyed), each partition's replica list, and every config
 * (value and source) except those whose source is DEFAULT_CONFIG (Kafka's built-in defaults: they change only with
 * the Kafka version, and a config that stops being a default changes its source, which is hashed). Leaders, ISRs,
 * sizes, hosts and ports are left out: they change without making a plan stale.
 * Canonical: brokers by id, topics by name, partitions by number, configs by name; the input's order does not
 * matter. Pure (node:crypto's hash only); streamed in chunks, so a large cluster never becomes one big string.
 */
import { createHash } from 'node:crypto';
import type { ClusterState, TopicState } from '../model/cluster-state.js';

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A JSON string literal; names and config keys are almost always plain ASCII, which needs no escaping. */
function jsonString(text: string): string {
  return /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(text) ? `"${text}"` : JSON.stringify(text);
}

function topicJson(name: string, topic: TopicState): string {
  let partitions = topic.partitions;
  for (let i = 1; i < partitions.length; i++) {
    if (partitions[i - 1].partition >= partitions[i].partition) {
      partitions = [...partitions].sort((a, b) => a.partition - b.partition);
      break;
    }
  }
  let out = `[${jsonString(name)},${topic.internal === true},${topic.keyed ?? null},[`;
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i];
    out += `${i === 0 ? '' : ','}[${p.partition},[${p.replicas.join(',')}]]`;
  }
  out += '],[';
  const configs = topic.configs;
  const keys: string[] = [];
  for (const key of Object.keys(configs)) if (configs[key].source !== 'DEFAULT_CONFIG') keys.push(key);
  if (keys.length > 1) keys.sort(byCodeUnit);
  for (let i = 0; i < keys.length; i++) {
    const entry = configs[keys[i]];
    out += `${i === 0 ? '' : ','}[${jsonString(keys[i])},${entry.value === null ? 'null' : jsonString(entry.value)},"${entry.source}"]`;
  }
  return `${out}]]`;
}

/** Hex SHA-256 of the canonical form (64 characters). */
export function fingerprintClusterState(state: ClusterState): string {
  const hash = createHash('sha256');
  const brokers = [...state.brokers].sort((a, b) => a.id - b.id).map((b) => [b.id, b.rack, b.online !== false]);
  hash.update(`{"version":1,"clusterId":${JSON.stringify(state.clusterId ?? null)},"brokers":${JSON.stringify(brokers)},"topics":[`);
  // Topics are hashed in chunks of about 64 KiB: fewer calls into the hash than one per topic, no giant string.
  let chunk = '';
  Object.keys(state.topics)
    .sort(byCodeUnit)
    .forEach((name, i) => {
      chunk += (i === 0 ? '' : ',') + topicJson(name, state.topics[name]);
      if (chunk.length >= 65536) {
        hash.update(chunk);
        chunk = '';
      }
    });
  hash.update(`${chunk}]}`);
  return hash.digest('hex');
}
