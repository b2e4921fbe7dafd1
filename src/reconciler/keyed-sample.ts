/**
 * Whether a topic's records carry keys, for the planner's `keyed-partition-increase` warning (adding partitions
 * changes which partition a key goes to). Kafka does not say; the first records of a few partitions do: one Fetch
 * of up to 64 KiB from the start of each of the first 64 partitions, on their leaders (until one shows a key). Only asked for topics the plan
 * would add partitions to (compacted topics are keyed by definition and need no sample).
 */
import type { ClusterState, TopicState } from '../model/cluster-state.js';
import type { ProtocolConnection } from '../protocol/client.js';
import { KafkaProtocolError } from '../protocol/errors.js';
import { BrokerConnections } from './broker-connections.js';
import type { ClusterConnection } from './connection.js';
import { fetchRecords, offsetBounds } from './read-records.js';

const SAMPLED_PARTITIONS = 64;
const SAMPLE_BYTES = 64 * 1024;

async function partitionHasKeys(leader: ProtocolConnection, topic: string, partition: number): Promise<boolean> {
  try {
    const { start, end } = await offsetBounds(leader, topic, partition);
    if (start >= end) return false; // no records: nothing is keyed yet
    const { records } = await fetchRecords(leader, topic, partition, start, SAMPLE_BYTES);
    return records.some((r) => r.key !== null && r.key.length > 0);
  } catch (err) {
    if (err instanceof KafkaProtocolError) return false; // a partition that cannot be read says nothing: the others decide
    throw err;
  }
}

/** `state` with `keyed` filled in for `topics` (true when a sampled record has a key; false when none does). */
export async function sampleKeyedTopics(conn: ClusterConnection, state: ClusterState, topics: readonly string[]): Promise<ClusterState> {
  if (topics.length === 0) return state;
  const brokers = new BrokerConnections(conn);
  const updated: Record<string, TopicState> = { ...state.topics };
  try {
    for (const name of topics) {
      const topic = state.topics[name];
      if (!topic) continue;
      let keyed = false;
      for (const p of topic.partitions.slice(0, SAMPLED_PARTITIONS)) {
        if (p.leader < 0) continue;
        if (await partitionHasKeys(await brokers.to(p.leader), name, p.partition)) {
          keyed = true;
          break;
        }
      }
      updated[name] = { ...topic, keyed };
    }
  } finally {
    await brokers.close();
  }
  return { ...state, topics: updated };
}
