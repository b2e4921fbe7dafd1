/**
 * CreatePartitions (key 37), versions 0-1.
 *
 * Grows a topic to `count` partitions: unknown topic → UNKNOWN_TOPIC_OR_PARTITION; same count →
 * INVALID_PARTITIONS "Topic already has N partitions."; fewer → INVALID_PARTITIONS "Topic currently has N
 * partitions, which is higher than the requested M."; explicit assignments must cover exactly the new
 * partitions with the topic's replication factor (INVALID_REPLICA_ASSIGNMENT); otherwise Kafka's placement
 * continues the topic's pattern (start index from partition 0's leader). A topic named twice → INVALID_REQUEST.
 * validateOnly decides and changes nothing. Leaves out: controller mutation quotas.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { CreatePartitionsRequest } from '../../protocol/generated/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse, CreatePartitionsTopicResult } from '../../protocol/generated/CreatePartitionsResponse.js';
import { decidePartitionIncrease } from '../admin/create-partitions.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse> = {
  apiKey: ApiKey.CreatePartitions,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    const { cluster } = ctx;
    const counts = new Map<string, number>();
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const results: CreatePartitionsTopicResult[] = [];
    for (const [name, n] of counts) {
      if (n > 1) results.push({ name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Duplicate topic name.' });
    }
    const grown: { name: string; assignment: number[][] }[] = [];
    for (const topic of request.topics) {
      if (counts.get(topic.name)! > 1) continue;
      const decision = decidePartitionIncrease(cluster, topic);
      if ('error' in decision) {
        results.push({ name: topic.name, errorCode: decision.error.code, errorMessage: decision.error.message });
      } else {
        grown.push({ name: topic.name, assignment: decision.assignment });
        results.push({ name: topic.name, errorCode: ErrorCode.NONE, errorMessage: null });
      }
    }
    if (!request.validateOnly && grown.length > 0) {
      for (const g of grown) cluster.addPartitions(g.name, g.assignment);
      ctx.log.info({ topics: grown.map((g) => ({ topic: g.name, added: g.assignment.length })) }, 'added partitions');
      await ctx.durable();
    }
    return { throttleTimeMs: 0, results };
  },
};

export default handler;
