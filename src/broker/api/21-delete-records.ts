/**
 * DeleteRecords (key 21), versions 0-1.
 *
 * On the partition's leader: moves the log start offset to `offset` (-1 = the high watermark) and deletes the
 * segments wholly below it; followers follow through the log start offset in fetch responses. An offset above the
 * high watermark → OFFSET_OUT_OF_RANGE; answers the new low watermark (log start offset).
 * Leaves out: waiting for followers to move their log start offsets (Kafka's DelayedDeleteRecords) — the answer
 * comes as soon as the leader has moved.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DeleteRecordsRequest } from '../../protocol/generated/DeleteRecordsRequest.js';
import type { DeleteRecordsPartitionResult, DeleteRecordsResponse } from '../../protocol/generated/DeleteRecordsResponse.js';
import { replicaManagerOf } from '../replication/attach.js';
import { storageErrorCode } from '../replication/replica-manager.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<DeleteRecordsRequest, DeleteRecordsResponse> = {
  apiKey: ApiKey.DeleteRecords,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const rm = replicaManagerOf(ctx.cluster);
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p): DeleteRecordsPartitionResult => {
          try {
            rm.leaderPartition(ctx.brokerId, t.name, p.partitionIndex);
            const log = rm.partitionLog(ctx.brokerId, t.name, p.partitionIndex);
            const hw = rm.highWatermark(ctx.brokerId, t.name, p.partitionIndex);
            const target = p.offset === -1n ? hw : Number(p.offset);
            if (target < 0) return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
            const low = log.deleteRecordsBefore(target, hw);
            return { partitionIndex: p.partitionIndex, lowWatermark: BigInt(low), errorCode: ErrorCode.NONE };
          } catch (e) {
            const code = storageErrorCode(e);
            if (code === null) throw e;
            return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: code };
          }
        }),
      })),
    };
  },
};

export default handler;
