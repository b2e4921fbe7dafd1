/**
 * OffsetCommit (key 8), versions 0-7.
 *
 * Stores committed offsets durably (groups/offset-store.ts: appended and fdatasync'ed before the answer).
 * Partitions of unknown topics, or beyond a topic's partitions, get UNKNOWN_TOPIC_OR_PARTITION (Kafka checks
 * them before the coordinator). Group members (v1+, generation ≥ 0) are checked: UNKNOWN_MEMBER_ID,
 * ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS while the group completes a rebalance; a commit with generation -1
 * and no member id (v0, simple consumers, admin tools) is accepted while the group is Empty or does not exist
 * (it creates an Empty group). Metadata over offset.metadata.max.bytes (4096) → OFFSET_METADATA_TOO_LARGE;
 * null metadata is stored as "". A commit from a member counts as its heartbeat.
 * Leaves out: v2-4's retention time (offsets never expire), v1's client commit timestamp (the coordinator's
 * clock is used), static membership (group.instance.id is not checked).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { OffsetCommitRequest } from '../../protocol/generated/OffsetCommitRequest.js';
import type { OffsetCommitResponse, OffsetCommitResponsePartition } from '../../protocol/generated/OffsetCommitResponse.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<OffsetCommitRequest, OffsetCommitResponse> = {
  apiKey: ApiKey.OffsetCommit,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 7,
  async handle(ctx, request) {
    const version = ctx.header.apiVersion;
    // Each partition's answer slot, filled either here (unknown topic/partition) or by the coordinator.
    const results = request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p): OffsetCommitResponsePartition => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE })) }));
    const toCommit: { slot: OffsetCommitResponsePartition; topic: string; partition: number; offset: bigint; leaderEpoch: number; metadata: string | null }[] = [];
    for (const [ti, t] of request.topics.entries()) {
      const topic = ctx.cluster.topic(t.name);
      for (const [pi, p] of t.partitions.entries()) {
        const slot = results[ti].partitions[pi];
        if (!topic || p.partitionIndex < 0 || p.partitionIndex >= topic.partitions.length) {
          slot.errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          continue;
        }
        toCommit.push({
          slot,
          topic: t.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          leaderEpoch: version >= 6 ? p.committedLeaderEpoch ?? -1 : -1,
          metadata: p.committedMetadata,
        });
      }
    }
    if (toCommit.length > 0) {
      const codes = await coordinatorFor(ctx).commitOffsets(ctx.brokerId, {
        groupId: request.groupId,
        generationId: version >= 1 ? request.generationIdOrMemberEpoch ?? -1 : -1,
        memberId: version >= 1 ? request.memberId ?? '' : '',
        groupInstanceId: null,
        offsets: toCommit,
      });
      for (const [i, c] of toCommit.entries()) c.slot.errorCode = codes[i];
    }
    return { throttleTimeMs: 0, topics: results };
  },
};

export default handler;
