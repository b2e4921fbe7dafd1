/**
 * ListOffsets (key 2), versions 0-5.
 *
 * On the partition's leader: timestamp -2 (EARLIEST) → the log start offset; -1 (LATEST) → the high watermark
 * (= last stable offset for read_committed, there are no transactions); any other timestamp → the first record
 * whose timestamp is at or after it, when that record is below the high watermark, else offset -1 and timestamp
 * -1 (Kafka's answer when no such record is committed). v0 answers in `oldStyleOffsets` (one offset); v4+ carry the
 * record's leader epoch and check the client's current leader epoch.
 * Leaves out: MAX_TIMESTAMP (-3, v7+) and the other v7+ special timestamps (not advertised).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { ListOffsetsRequest } from '../../protocol/generated/ListOffsetsRequest.js';
import type { ListOffsetsPartitionResponse, ListOffsetsResponse } from '../../protocol/generated/ListOffsetsResponse.js';
import { replicaManagerOf } from '../replication/attach.js';
import { storageErrorCode, type ReplicaManager } from '../replication/replica-manager.js';
import type { ApiHandler } from './types.js';

const LATEST = -1n;
const EARLIEST = -2n;

function lookup(rm: ReplicaManager, brokerId: number, topic: string, partition: number, timestamp: bigint, currentLeaderEpoch: number): { offset: number; timestamp: number; leaderEpoch: number } {
  const p = rm.leaderPartition(brokerId, topic, partition, currentLeaderEpoch);
  const log = rm.partitionLog(brokerId, topic, partition);
  const hw = rm.highWatermark(brokerId, topic, partition);
  if (timestamp === EARLIEST) return { offset: log.logStartOffset, timestamp: -1, leaderEpoch: p.leaderEpoch };
  if (timestamp === LATEST) return { offset: hw, timestamp: -1, leaderEpoch: p.leaderEpoch };
  const found = log.offsetForTimestamp(Number(timestamp));
  if (!found || found.offset >= hw) return { offset: -1, timestamp: -1, leaderEpoch: -1 };
  return found;
}

const handler: ApiHandler<ListOffsetsRequest, ListOffsetsResponse> = {
  apiKey: ApiKey.ListOffsets,
  name: 'ListOffsets',
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const rm = replicaManagerOf(ctx.cluster);
    const v0 = ctx.header.apiVersion === 0;
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p): ListOffsetsPartitionResponse => {
          try {
            const r = lookup(rm, ctx.brokerId, t.name, p.partitionIndex, p.timestamp, p.currentLeaderEpoch ?? -1);
            return v0
              ? { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE, oldStyleOffsets: r.offset >= 0 ? [BigInt(r.offset)] : [] }
              : { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE, timestamp: BigInt(r.timestamp), offset: BigInt(r.offset), leaderEpoch: r.leaderEpoch };
          } catch (e) {
            const code = storageErrorCode(e);
            if (code === null) throw e;
            return { partitionIndex: p.partitionIndex, errorCode: code, oldStyleOffsets: [], timestamp: -1n, offset: -1n, leaderEpoch: -1 };
          }
        }),
      })),
    };
  },
};

export default handler;
