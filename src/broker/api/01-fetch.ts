/**
 * Fetch (key 1), versions 0-11.
 *
 * Reads from the partitions this broker leads (replication/fetch-service.ts): consumers up to the high
 * watermark, followers (`replicaId` >= 0) to the log end, reporting their progress. Honours `maxWaitMs` /
 * `minBytes` long-polling, the response `maxBytes` (v3+) and each `partitionMaxBytes` (the first batch is
 * returned whole even when larger, as Kafka does). Per partition: high watermark, last stable offset (= high
 * watermark, no transactions) and log start offset (v5+); OFFSET_OUT_OF_RANGE, NOT_LEADER_OR_FOLLOWER,
 * UNKNOWN_TOPIC_OR_PARTITION, FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH (v9+ current leader epoch).
 * Leaves out: incremental fetch sessions (KIP-227; every answer has session id 0, so clients send full
 * fetches), follower fetching from the closest replica (preferred read replica is always -1), topic ids (v13+).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { FetchRequest } from '../../protocol/generated/FetchRequest.js';
import type { FetchResponse, PartitionData } from '../../protocol/generated/FetchResponse.js';
import { replicaManagerOf } from '../replication/attach.js';
import { fetchFromLeader, type FetchPartitionRequest } from '../replication/fetch-service.js';
import type { ApiHandler } from './types.js';

const NO_LIMIT = 0x7fffffff;

const handler: ApiHandler<FetchRequest, FetchResponse> = {
  apiKey: ApiKey.Fetch,
  name: 'Fetch',
  minVersion: 0,
  maxVersion: 11,
  async handle(ctx, request) {
    const rm = replicaManagerOf(ctx.cluster);
    if ((request.sessionId ?? 0) !== 0 && (request.sessionEpoch ?? -1) > 0) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0, responses: [] };
    }
    const partitions: FetchPartitionRequest[] = request.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.topic ?? '',
        partition: p.partition,
        fetchOffset: Number(p.fetchOffset),
        maxBytes: p.partitionMaxBytes,
        currentLeaderEpoch: p.currentLeaderEpoch ?? -1,
      })),
    );
    const results = await fetchFromLeader(rm, ctx.brokerId, {
      replicaId: request.replicaId ?? -1,
      maxWaitMs: request.maxWaitMs,
      minBytes: request.minBytes,
      maxBytes: request.maxBytes ?? NO_LIMIT,
      partitions,
    });
    let i = 0;
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      sessionId: 0,
      responses: request.topics.map((t) => ({
        topic: t.topic ?? '',
        partitions: t.partitions.map((): PartitionData => {
          const r = results[i++];
          return {
            partitionIndex: r.partition,
            errorCode: r.errorCode,
            highWatermark: BigInt(r.highWatermark),
            lastStableOffset: BigInt(r.highWatermark),
            logStartOffset: BigInt(r.logStartOffset),
            abortedTransactions: r.errorCode === ErrorCode.NONE ? [] : null,
            preferredReadReplica: -1,
            records: r.records ?? Buffer.alloc(0),
          };
        }),
      })),
    };
  },
};

export default handler;
