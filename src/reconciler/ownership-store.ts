/**
 * Which topic configs topicops set, remembered in the cluster itself: the compacted topic
 * `__topicops_managed_configs`, one record per topic (key: topic name; value: `{"configs":[names…]}`; a tombstone
 * when topicops deletes the topic). Kafka keeps no "who set this override", and a config the YAML omits must go
 * back to the cluster default only if topicops set it — so the record is what plan reads to know, whoever runs
 * plan (CI, a laptop) and on whatever machine. Like terraform's remote state, it lives with what it describes.
 *
 * Read over the protocol (read-records.ts), written with an acks=all Produce.
 * The topic is left out of the cluster state the planner sees, so it is never planned, pruned or shown.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode, KafkaProtocolError } from '../protocol/errors.js';
import type { ProduceResponse } from '../protocol/generated/ProduceResponse.js';
import type { ProtocolConnection } from '../protocol/client.js';
import { buildRecordBatch } from '../broker/storage/records.js';
import { fetchRecords, offsetBounds } from './read-records.js';

export const OWNERSHIP_TOPIC = '__topicops_managed_configs';

/** Topic name → the configs topicops set on it. */
export type ManagedConfigs = ReadonlyMap<string, readonly string[]>;

/** Reads every record of the (single-partition) ownership topic from `leader`; the last record per topic wins. */
export async function readManagedConfigs(leader: ProtocolConnection): Promise<Map<string, readonly string[]>> {
  const { start, end } = await offsetBounds(leader, OWNERSHIP_TOPIC, 0);
  const out = new Map<string, readonly string[]>();
  for (let next = start; next < end; ) {
    const read = await fetchRecords(leader, OWNERSHIP_TOPIC, 0, next, 8 << 20);
    if (read.next === next) break;
    for (const r of read.records) {
      if (r.key === null) continue;
      const topic = r.key.toString('utf8');
      if (r.value === null) out.delete(topic);
      else out.set(topic, parseValue(r.value));
    }
    next = read.next;
  }
  return out;
}

function parseValue(value: Buffer): readonly string[] {
  try {
    const parsed = JSON.parse(value.toString('utf8')) as { configs?: unknown };
    return Array.isArray(parsed.configs) ? parsed.configs.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/** Writes one record per topic (null = the topic is gone: a tombstone) with acks=all to `leader`. */
export async function writeManagedConfigs(leader: ProtocolConnection, updates: ReadonlyMap<string, readonly string[] | null>): Promise<void> {
  if (updates.size === 0) return;
  const now = Date.now();
  const batch = buildRecordBatch({
    records: [...updates].map(([topic, configs]) => ({
      key: topic,
      value: configs === null ? null : JSON.stringify({ configs: [...configs].sort() }),
      timestamp: now,
    })),
  });
  const { body } = await leader.request<ProduceResponse>(ApiKey.Produce, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 30_000,
    topicData: [{ name: OWNERSHIP_TOPIC, partitionData: [{ index: 0, records: batch }] }],
  });
  const p = body.responses[0].partitionResponses[0];
  if (p.errorCode !== ErrorCode.NONE) throw new KafkaProtocolError(p.errorCode, `recording managed configs in ${OWNERSHIP_TOPIC}`);
}

/** The topic records an apply leaves: created topics own the configs they were created with, updates add and remove. */
export function ownershipUpdates(
  applied: readonly { kind: string; topic: string; configs?: Readonly<Record<string, string>>; changes?: readonly { name: string; to: string | null }[] }[],
  current: ManagedConfigs,
): Map<string, readonly string[] | null> {
  const updates = new Map<string, readonly string[] | null>();
  const now = (topic: string): readonly string[] => (updates.has(topic) ? (updates.get(topic) ?? []) : (current.get(topic) ?? []));
  for (const a of applied) {
    if (a.kind === 'create-topic') updates.set(a.topic, Object.keys(a.configs ?? {}).sort());
    else if (a.kind === 'delete-topic') updates.set(a.topic, null);
    else if (a.kind === 'update-configs') {
      const set = new Set(now(a.topic));
      for (const c of a.changes ?? []) {
        if (c.to === null) set.delete(c.name);
        else set.add(c.name);
      }
      updates.set(a.topic, [...set].sort());
    }
  }
  return updates;
}
