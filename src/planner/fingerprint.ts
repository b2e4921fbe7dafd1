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

function topicJson(name: string, topic: TopicState): string {
  let sorted = true;
  for (let i = 1; i < topic.partitions.length && sorted; i++) sorted = topic.partitions[i - 1].partition < topic.partitions[i].partition;
  const partitions = sorted ? topic.partitions : [...topic.partitions].sort((a, b) => a.partition - b.partition);
  let out = `[${JSON.stringify(name)},${topic.internal === true},${topic.keyed ?? null},[`;
  partitions.forEach((p, i) => (out += `${i === 0 ? '' : ','}[${p.partition},[${p.replicas.join(',')}]]`));
  out += '],[';
  const keys: string[] = [];
  for (const key in topic.configs) if (Object.hasOwn(topic.configs, key) && topic.configs[key].source !== 'DEFAULT_CONFIG') keys.push(key);
  keys.sort(byCodeUnit).forEach((key, i) => {
    const entry = topic.configs[key];
    out += `${i === 0 ? '' : ','}[${JSON.stringify(key)},${JSON.stringify(entry.value)},"${entry.source}"]`;
  });
  return `${out}]]`;
}

/** Hex SHA-256 of the canonical form (64 characters). */
export function fingerprintClusterState(state: ClusterState): string {
  const hash = createHash('sha256');
  const brokers = [...state.brokers].sort((a, b) => a.id - b.id).map((b) => [b.id, b.rack, b.online !== false]);
  hash.update(`{"version":1,"clusterId":${JSON.stringify(state.clusterId ?? null)},"brokers":${JSON.stringify(brokers)},"topics":[`);
  Object.keys(state.topics)
    .sort(byCodeUnit)
    .forEach((name, i) => hash.update((i === 0 ? '' : ',') + topicJson(name, state.topics[name])));
  hash.update(']}');
  return hash.digest('hex');
}
