/**
 * LeaveGroup (key 13), versions 0-3.
 *
 * Removes members (v0-2: one member id; v3: a batch, each with its own error) and starts a rebalance of the
 * rest. Unknown members → UNKNOWN_MEMBER_ID (v0-2: as the top-level error, Kafka's rule: the top-level error,
 * else the first member error). A member id handed out with MEMBER_ID_REQUIRED may leave too.
 * Leaves out: static membership — a v3 member given by group.instance.id only gets UNKNOWN_MEMBER_ID.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { LeaveGroupRequest } from '../../protocol/generated/LeaveGroupRequest.js';
import type { LeaveGroupResponse } from '../../protocol/generated/LeaveGroupResponse.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<LeaveGroupRequest, LeaveGroupResponse> = {
  apiKey: ApiKey.LeaveGroup,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, request) {
    const batch = ctx.header.apiVersion >= 3;
    const leaving = batch ? request.members ?? [] : [{ memberId: request.memberId ?? '', groupInstanceId: null }];
    const result = coordinatorFor(ctx).leave(ctx.brokerId, request.groupId, leaving.map((m) => m.memberId));
    if (!batch) {
      const errorCode = result.errorCode !== ErrorCode.NONE ? result.errorCode : result.members.find((c) => c !== ErrorCode.NONE) ?? ErrorCode.NONE;
      return { throttleTimeMs: 0, errorCode };
    }
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      members: result.members.map((errorCode, i) => ({ memberId: leaving[i].memberId, groupInstanceId: leaving[i].groupInstanceId, errorCode })),
    };
  },
};

export default handler;
