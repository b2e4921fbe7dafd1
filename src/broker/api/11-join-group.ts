/**
 * JoinGroup (key 11), versions 0-5: the classic group protocol's join phase (groups/rebalance.ts).
 *
 * INVALID_GROUP_ID for "", NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE, INVALID_SESSION_TIMEOUT outside
 * group.min/max.session.timeout.ms, INCONSISTENT_GROUP_PROTOCOL, UNKNOWN_MEMBER_ID; v4+ new members get
 * MEMBER_ID_REQUIRED with their id first (KIP-394). v0's rebalance timeout is its session timeout. The answer
 * waits until the join phase completes (every member rejoined, or the rebalance timeout passed; a new group
 * first waits group.initial.rebalance.delay.ms); the leader's answer lists the members with their metadata.
 * Leaves out: static membership (group.instance.id is accepted and ignored: the member is dynamic).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import type { JoinGroupRequest } from '../../protocol/generated/JoinGroupRequest.js';
import type { JoinGroupResponse } from '../../protocol/generated/JoinGroupResponse.js';
import { clientHostOf, clientIdOf, coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<JoinGroupRequest, JoinGroupResponse> = {
  apiKey: ApiKey.JoinGroup,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, request) {
    const version = ctx.header.apiVersion;
    const outcome = await coordinatorFor(ctx).join(ctx.brokerId, request.groupId, {
      memberId: request.memberId,
      requireKnownMemberId: version >= 4,
      clientId: clientIdOf(ctx),
      clientHost: clientHostOf(ctx),
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: version >= 1 ? request.rebalanceTimeoutMs ?? request.sessionTimeoutMs : request.sessionTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
    });
    return {
      throttleTimeMs: 0,
      errorCode: outcome.errorCode,
      generationId: outcome.generationId,
      protocolName: outcome.protocolName ?? '',
      leader: outcome.leader,
      memberId: outcome.memberId,
      members: outcome.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
    };
  },
};

export default handler;
