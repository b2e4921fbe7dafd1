/**
 * Heartbeat (key 12), versions 0-3.
 *
 * Keeps a member's session alive. UNKNOWN_MEMBER_ID (not a member, or the group is Empty), ILLEGAL_GENERATION,
 * REBALANCE_IN_PROGRESS while the group prepares a rebalance (the member must rejoin), NONE while it completes
 * one or is Stable; INVALID_GROUP_ID, NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE as Kafka.
 * Leaves out: static membership (group.instance.id is ignored).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import type { HeartbeatRequest } from '../../protocol/generated/HeartbeatRequest.js';
import type { HeartbeatResponse } from '../../protocol/generated/HeartbeatResponse.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<HeartbeatRequest, HeartbeatResponse> = {
  apiKey: ApiKey.Heartbeat,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, request) {
    const errorCode = coordinatorFor(ctx).heartbeat(ctx.brokerId, request.groupId, request.memberId, request.generationId);
    return { throttleTimeMs: 0, errorCode };
  },
};

export default handler;
