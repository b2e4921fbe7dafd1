/**
 * DeleteTopics (key 20), versions 0-3 (topics by name).
 *
 * Each named topic is deleted with its partitions and config overrides; unknown → UNKNOWN_TOPIC_OR_PARTITION;
 * a name given twice → INVALID_REQUEST "Duplicate topic name." (ControllerApis.deleteTopics).
 * Deletion is immediate (no pending-delete state). Leaves out: deletion by topic id (v6), quotas.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DeleteTopicsRequest } from '../../protocol/generated/DeleteTopicsRequest.js';
import type { DeletableTopicResult, DeleteTopicsResponse } from '../../protocol/generated/DeleteTopicsResponse.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse> = {
  apiKey: ApiKey.DeleteTopics,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const { cluster } = ctx;
    const names = request.topicNames ?? [];
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    const responses: DeletableTopicResult[] = [];
    const deleted: string[] = [];
    for (const [name, n] of counts) {
      if (n > 1) {
        responses.push({ name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Duplicate topic name.' });
      } else if (!cluster.topic(name)) {
        responses.push({ name, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null });
      } else {
        cluster.deleteTopic(name);
        deleted.push(name);
        responses.push({ name, errorCode: ErrorCode.NONE, errorMessage: null });
      }
    }
    if (deleted.length > 0) {
      ctx.log.info({ topics: deleted }, 'deleted topics');
      await ctx.durable();
    }
    return { throttleTimeMs: 0, responses };
  },
};

export default handler;
