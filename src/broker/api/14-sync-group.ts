/**
 * SyncGroup (key 14), versions 0-3: the classic group protocol's assignment phase (groups/rebalance.ts).
 *
 * The leader sends every member's assignment (members it leaves out get an empty one); once the group's new
 * generation is stored, every waiting member gets its assignment and the group is Stable. Followers' answers
 * wait for the leader's. UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS (the group started
 * another rebalance), INVALID_GROUP_ID, NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE as Kafka.
 * Leaves out: static membership (group.instance.id is ignored); v5's protocol type/name checks (not advertised).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import type { SyncGroupRequest } from '../../protocol/generated/SyncGroupRequest.js';
import type { SyncGroupResponse } from '../../protocol/generated/SyncGroupResponse.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<SyncGroupRequest, SyncGroupResponse> = {
  apiKey: ApiKey.SyncGroup,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const assignments = new Map<string, Buffer>();
    for (const a of request.assignments) assignments.set(a.memberId, a.assignment); // Kafka: toMap, the last one wins
    const outcome = await coordinatorFor(ctx).sync(ctx.brokerId, request.groupId, {
      memberId: request.memberId,
      generationId: request.generationId,
      protocolType: request.protocolType ?? null,
      protocolName: request.protocolName ?? null,
      assignments,
    });
    return { throttleTimeMs: 0, errorCode: outcome.errorCode, assignment: outcome.assignment };
  },
};

export default handler;
