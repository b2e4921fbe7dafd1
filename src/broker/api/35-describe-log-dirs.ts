/**
 * DescribeLogDirs (key 35), versions 0-1.
 *
 * The broker the request is sent to describes its own log directory (`<dataDir>/broker-<id>`, one per broker):
 * per partition replica the size in bytes of its log, the offset lag (how far its log end is behind the
 * partition's high watermark: what a replica still has to copy) and isFuture (always false: no JBOD moves).
 * `topics` null describes every replica. Leaves out: several log dirs per broker, total/usable bytes (v4+).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DescribeLogDirsRequest } from '../../protocol/generated/DescribeLogDirsRequest.js';
import type { DescribeLogDirsResponse, DescribeLogDirsTopic } from '../../protocol/generated/DescribeLogDirsResponse.js';
import { replicaManagerOf } from '../replication/attach.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<DescribeLogDirsRequest, DescribeLogDirsResponse> = {
  apiKey: ApiKey.DescribeLogDirs,
  name: 'DescribeLogDirs',
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const rm = replicaManagerOf(ctx.cluster);
    const manager = rm.logs.manager(ctx.brokerId);
    if (!manager) return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, results: [] };
    const wanted = request.topics === null ? null : new Map(request.topics.map((t) => [t.topic, new Set(t.partitions)]));
    const byTopic = new Map<string, DescribeLogDirsTopic>();
    for (const { topic, partition, log } of manager.all().sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))) {
      if (wanted && !wanted.get(topic)?.has(partition)) continue;
      const lag = Math.max(rm.partitionHighWatermark(topic, partition) - log.logEndOffset, 0);
      let entry = byTopic.get(topic);
      if (!entry) byTopic.set(topic, (entry = { name: topic, partitions: [] }));
      entry.partitions.push({ partitionIndex: partition, partitionSize: BigInt(log.sizeBytes), offsetLag: BigInt(lag), isFutureKey: false });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, results: [{ errorCode: ErrorCode.NONE, logDir: manager.dir, topics: [...byTopic.values()] }] };
  },
};

export default handler;
