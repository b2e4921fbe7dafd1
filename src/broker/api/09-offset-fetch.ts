/**
 * OffsetFetch (key 9), versions 0-5.
 *
 * The group's committed offsets for the given partitions: offset -1, metadata "" where none is committed
 * (also for unknown groups and topics); topics null (v2+) = every offset the group has committed. Errors
 * (INVALID_GROUP_ID is not one: "" is a valid group here, as in Kafka; NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE): v0-1 put them on every requested partition, v2+ in the top-level error code with
 * no topics. Offsets answered are durable ones only.
 * Leaves out: requireStable (v7, not advertised) — there are no transactional commits to wait for.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { OffsetFetchRequest } from '../../protocol/generated/OffsetFetchRequest.js';
import type { OffsetFetchResponse, OffsetFetchResponsePartition, OffsetFetchResponseTopic } from '../../protocol/generated/OffsetFetchResponse.js';
import type { FetchedOffset } from '../groups/index.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

function byTopic(offsets: readonly FetchedOffset[], partition: (o: FetchedOffset) => OffsetFetchResponsePartition): OffsetFetchResponseTopic[] {
  const topics = new Map<string, OffsetFetchResponsePartition[]>();
  for (const o of offsets) {
    const list = topics.get(o.topic) ?? [];
    list.push(partition(o));
    topics.set(o.topic, list);
  }
  return [...topics].map(([name, partitions]) => ({ name, partitions }));
}

const handler: ApiHandler<OffsetFetchRequest, OffsetFetchResponse> = {
  apiKey: ApiKey.OffsetFetch,
  name: 'OffsetFetch',
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const version = ctx.header.apiVersion;
    const requested = request.topics === null || request.topics === undefined
      ? null
      : request.topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
    const { errorCode, offsets } = coordinatorFor(ctx).fetchOffsets(ctx.brokerId, request.groupId ?? '', requested);
    const partition = (code: number) => (o: FetchedOffset): OffsetFetchResponsePartition => ({
      partitionIndex: o.partition,
      committedOffset: o.offset,
      committedLeaderEpoch: o.leaderEpoch,
      metadata: o.metadata,
      errorCode: code,
    });
    if (errorCode !== ErrorCode.NONE) {
      if (version >= 2) return { throttleTimeMs: 0, topics: [], errorCode };
      const none = (requested ?? []).map(({ topic, partition: p }) => ({ topic, partition: p, offset: -1n, leaderEpoch: -1, metadata: '', commitTimestamp: -1 }));
      return { throttleTimeMs: 0, topics: byTopic(none, partition(errorCode)) };
    }
    return { throttleTimeMs: 0, topics: byTopic(offsets, partition(ErrorCode.NONE)), errorCode: ErrorCode.NONE };
  },
};

export default handler;
