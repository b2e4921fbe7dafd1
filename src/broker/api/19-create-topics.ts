/**
 * CreateTopics (key 19), versions 0-4 (the v5+ response fields are filled too, ready for a wider range).
 *
 * Kafka's controller rules (ReplicationControlManager.createTopics): duplicate names in one request →
 * INVALID_REQUEST for each; illegal names or '.'/'_' collisions → INVALID_TOPIC_EXCEPTION; existing →
 * TOPIC_ALREADY_EXISTS; configs checked against the topic-config catalogue → INVALID_CONFIG; numPartitions /
 * replicationFactor -1 take num.partitions / default.replication.factor (1 and 1); explicit assignments need
 * both at -1 (else INVALID_REQUEST) and are checked (INVALID_REPLICA_ASSIGNMENT); otherwise rack-aware placement
 * (placement.ts), INVALID_PARTITIONS / INVALID_REPLICATION_FACTOR when impossible. validateOnly decides
 * everything and changes nothing. New partitions: leader = first replica, ISR = replicas, epoch 0.
 * Leaves out: create-topic policies, controller mutation quotas (throttle is always 0), topic ids (v7).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { CreateTopicsRequest } from '../../protocol/generated/CreateTopicsRequest.js';
import type { CreatableTopicResult, CreateTopicsResponse } from '../../protocol/generated/CreateTopicsResponse.js';
import { decideTopicCreations } from '../admin/create-topics.js';
import { describeTopicConfigs } from '../configs/describe.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<CreateTopicsRequest, CreateTopicsResponse> = {
  apiKey: ApiKey.CreateTopics,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx, request) {
    const { cluster } = ctx;
    const version = ctx.header.apiVersion;
    const validateOnly = request.validateOnly === true;
    const decisions = decideTopicCreations(cluster, request.topics, ctx.settings);
    const results: CreatableTopicResult[] = decisions.map((d) => {
      if (!d.ok) return { name: d.name, errorCode: d.error.code, errorMessage: d.error.message };
      const result: CreatableTopicResult = { name: d.name, errorCode: ErrorCode.NONE, errorMessage: null };
      if (version >= 5) {
        result.numPartitions = d.assignment.length;
        result.replicationFactor = d.assignment[0].length;
        result.topicConfigErrorCode = ErrorCode.NONE;
        result.configs = describeTopicConfigs(cluster, ctx.brokerId, new Map(Object.entries(d.configs))).map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: c.readOnly,
          configSource: c.source,
          isSensitive: c.isSensitive,
        }));
      }
      return result;
    });
    const created = decisions.filter((d) => d.ok);
    if (!validateOnly && created.length > 0) {
      for (const d of created) cluster.createTopic(d.name, d.assignment, d.configs);
      ctx.log.info({ topics: created.map((d) => d.name) }, 'created topics');
      await ctx.durable();
    }
    return { throttleTimeMs: 0, topics: results };
  },
};

export default handler;
