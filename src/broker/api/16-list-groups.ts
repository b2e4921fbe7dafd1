/**
 * ListGroups (key 16), versions 0-2.
 *
 * The groups this broker coordinates (clients ask every broker and merge, as with Kafka), with their protocol
 * type ("" for groups that only ever had simple offset commits). Sorted by group id.
 * Leaves out: the state and type filters of v4/v5 (not advertised).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { ListGroupsRequest } from '../../protocol/generated/ListGroupsRequest.js';
import type { ListGroupsResponse } from '../../protocol/generated/ListGroupsResponse.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<ListGroupsRequest, ListGroupsResponse> = {
  apiKey: ApiKey.ListGroups,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(ctx) {
    const groups = coordinatorFor(ctx).list(ctx.brokerId);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state })),
    };
  },
};

export default handler;
