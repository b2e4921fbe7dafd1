/**
 * Whether a topic's records carry keys, for the planner's `keyed-partition-increase` warning (adding partitions
 * changes which partition a key goes to). Kafka does not say; the first records of a few partitions do: one Fetch
 * of up to 64 KiB from the start of each of the first 64 partitions, on their leaders (until one shows a key). Only asked for topics the plan
 * would add partitions to (compacted topics are keyed by definition and need no sample).
 */
import type { ClusterState, TopicState } from '../model/cluster-state.js';
import { ApiKey } from '../protocol/api-keys.js';
import type { ProtocolConnection } from '../protocol/client.js';
import type { FetchResponse } from '../protocol/generated/FetchResponse.js';
import type { ListOffsetsResponse } from '../protocol/generated/ListOffsetsResponse.js';
import { decodeBatchRecords } from '../broker/storage/records.js';
import { parseRecordBatches } from '../broker/storage/record-batch.js';
import { BrokerConnections } from './broker-connections.js';
import type { ClusterConnection } from './connection.js';

const SAMPLED_PARTITIONS = 64;
const SAMPLE_BYTES = 64 * 1024;

async function partitionHasKeys(leader: ProtocolConnection, topic: string, partition: number): Promise<boolean | null> {
  const { body: offsets } = await leader.request<ListOffsetsResponse>(ApiKey.ListOffsets, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -2n }] }],
  });
  const start = offsets.topics[0]?.partitions[0];
  if (!start || start.errorCode !== 0) return null;
  const { body } = await leader.request<FetchResponse>(ApiKey.Fetch, {
    replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: SAMPLE_BYTES, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: start.offset ?? 0n, logStartOffset: -1n, partitionMaxBytes: SAMPLE_BYTES }] }],
    forgottenTopicsData: [], rackId: '',
  });
  const p = body.responses[0]?.partitions[0];
  if (!p || p.errorCode !== 0 || !p.records) return null;
  const records = p.records;
  for (const h of parseRecordBatches(records, { allowPartialTail: true }).batches) {
    if (h.isControl) continue;
    const decoded = decodeBatchRecords(records.subarray(h.position, h.position + h.sizeInBytes), h);
    if (decoded.length > 0) return decoded.some((r) => r.key !== null && r.key.length > 0);
  }
  return null; // no records: nothing is keyed yet
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
        if ((await partitionHasKeys(await brokers.to(p.leader), name, p.partition)) === true) {
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
