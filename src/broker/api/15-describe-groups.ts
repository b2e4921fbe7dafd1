/**
 * DescribeGroups (key 15), versions 0-4.
 *
 * Each group's state (Empty, PreparingRebalance, CompletingRebalance, Stable; "Dead" for a group the coordinator
 * does not know, with error NONE, as Kafka before v6), protocol type, and members with client id and host.
 * The selected protocol and each member's metadata and assignment are given only when the group is Stable (as
 * Kafka). Errors per group: NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE with state "". v3+ authorized operations
 * when asked: READ, DESCRIBE, DELETE (there is no authorizer).
 * Leaves out: static members (group instance ids are always null).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import type { DescribeGroupsRequest } from '../../protocol/generated/DescribeGroupsRequest.js';
import type { DescribeGroupsResponse } from '../../protocol/generated/DescribeGroupsResponse.js';
import { AUTHORIZED_OPERATIONS_OMITTED } from '../admin/authorized-operations.js';
import { coordinatorFor, GROUP_AUTHORIZED_OPERATIONS } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse> = {
  apiKey: ApiKey.DescribeGroups,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, request) {
    const coordinator = coordinatorFor(ctx);
    const withOps = ctx.header.apiVersion >= 3 && request.includeAuthorizedOperations === true;
    return {
      throttleTimeMs: 0,
      groups: request.groups.map((groupId) => {
        const { errorCode, summary } = coordinator.describe(ctx.brokerId, groupId);
        return {
          errorCode,
          groupId,
          groupState: summary.state,
          protocolType: summary.protocolType,
          protocolData: summary.protocol,
          members: summary.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            clientId: m.clientId,
            clientHost: m.clientHost,
            memberMetadata: m.metadata,
            memberAssignment: m.assignment,
          })),
          authorizedOperations: withOps ? GROUP_AUTHORIZED_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED,
        };
      }),
    };
  },
};

export default handler;
