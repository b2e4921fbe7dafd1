/**
 * DeleteGroups (key 42), versions 0-1.
 *
 * Deletes Empty groups with their committed offsets (durably, before answering). NON_EMPTY_GROUP while the
 * group has members, GROUP_ID_NOT_FOUND for a group the coordinator does not know, NOT_COORDINATOR /
 * COORDINATOR_NOT_AVAILABLE per group as Kafka. Repeated ids are answered once (Kafka takes them distinct).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import type { DeleteGroupsRequest } from '../../protocol/generated/DeleteGroupsRequest.js';
import type { DeleteGroupsResponse } from '../../protocol/generated/DeleteGroupsResponse.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse> = {
  apiKey: ApiKey.DeleteGroups,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    const ids = [...new Set(request.groupsNames)];
    const codes = await coordinatorFor(ctx).deleteGroups(ctx.brokerId, ids);
    return { throttleTimeMs: 0, results: ids.map((groupId, i) => ({ groupId, errorCode: codes[i] })) };
  },
};

export default handler;
