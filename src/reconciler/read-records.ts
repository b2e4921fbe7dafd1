/**
 * Reading a partition's records over the protocol, for the few places the reconciler needs data rather than
 * metadata (the ownership topic, key sampling): ListOffsets for the log's bounds, Fetch on the partition's leader,
 * record batches decoded with the storage codec.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode, KafkaProtocolError } from '../protocol/errors.js';
import type { FetchResponse } from '../protocol/generated/FetchResponse.js';
import type { ListOffsetsResponse } from '../protocol/generated/ListOffsetsResponse.js';
import type { ProtocolConnection } from '../protocol/client.js';
import { decodeBatchRecords, type LogRecord } from '../broker/storage/records.js';
import { parseRecordBatches } from '../broker/storage/record-batch.js';

const EARLIEST = -2n;
const LATEST = -1n;

/** The partition's log start offset and high watermark, asked of its leader. */
export async function offsetBounds(leader: ProtocolConnection, topic: string, partition: number): Promise<{ start: number; end: number }> {
  const { body } = await leader.request<ListOffsetsResponse>(ApiKey.ListOffsets, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [EARLIEST, LATEST].map((timestamp) => ({ partitionIndex: partition, currentLeaderEpoch: -1, timestamp })) }],
  });
  const [start, end] = body.topics[0]?.partitions ?? [];
  for (const p of [start, end]) {
    if (!p || p.errorCode !== ErrorCode.NONE) throw new KafkaProtocolError(p?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR, `ListOffsets on ${topic}-${partition}`);
  }
  return { start: Number(start.offset), end: Number(end.offset) };
}

/** One Fetch from `offset` (up to `maxBytes`): the records at or after it, and the offset after the last batch read. */
export async function fetchRecords(
  leader: ProtocolConnection,
  topic: string,
  partition: number,
  offset: number,
  maxBytes: number,
): Promise<{ records: LogRecord[]; next: number }> {
  const { body } = await leader.request<FetchResponse>(ApiKey.Fetch, {
    replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), logStartOffset: -1n, partitionMaxBytes: maxBytes }] }],
    forgottenTopicsData: [], rackId: '',
  });
  const p = body.responses[0]?.partitions[0];
  if (!p || p.errorCode !== ErrorCode.NONE) throw new KafkaProtocolError(p?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR, `Fetch on ${topic}-${partition}`);
  const data = p.records ?? Buffer.alloc(0);
  const records: LogRecord[] = [];
  let next = offset;
  for (const h of parseRecordBatches(data, { allowPartialTail: true }).batches) {
    if (!h.isControl) {
      for (const r of decodeBatchRecords(data.subarray(h.position, h.position + h.sizeInBytes), h)) if (r.offset >= offset) records.push(r);
    }
    next = h.lastOffset + 1;
  }
  return { records, next };
}
