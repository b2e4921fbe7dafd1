/**
 * FindCoordinator (key 10), versions 0-2.
 *
 * Key type 0 (group): the broker that coordinates the group (groups/placement.ts: Kafka's
 * `abs(groupId.hashCode) % offsets.topic.num.partitions`, mapped onto the online brokers), with its host and
 * port; COORDINATOR_NOT_AVAILABLE (node -1) when no broker is online. Key type 1 (transaction):
 * COORDINATOR_NOT_AVAILABLE, there is no transaction coordinator. Other key types: INVALID_REQUEST.
 * v1+ carry Kafka's error message ("NONE" on success, as Kafka's Errors.message()).
 * Leaves out: batched keys (v4+), share-group coordinators.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode, kafkaError } from '../../protocol/errors.js';
import type { FindCoordinatorRequest } from '../../protocol/generated/FindCoordinatorRequest.js';
import type { FindCoordinatorResponse } from '../../protocol/generated/FindCoordinatorResponse.js';
import { coordinatorFor } from '../groups/request-support.js';
import type { ApiHandler } from './types.js';

const GROUP_KEY = 0;
const TRANSACTION_KEY = 1;

function answer(errorCode: number, node: { nodeId: number; host: string; port: number } = { nodeId: -1, host: '', port: -1 }): FindCoordinatorResponse {
  return { throttleTimeMs: 0, errorCode, errorMessage: errorCode === ErrorCode.NONE ? 'NONE' : kafkaError(errorCode).message, ...node };
}

const handler: ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse> = {
  apiKey: ApiKey.FindCoordinator,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, request) {
    const keyType = ctx.header.apiVersion >= 1 ? request.keyType ?? GROUP_KEY : GROUP_KEY;
    if (keyType === TRANSACTION_KEY) return answer(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (keyType !== GROUP_KEY) return answer(ErrorCode.INVALID_REQUEST);
    const brokerId = coordinatorFor(ctx).coordinatorFor(request.key ?? '');
    const endpoint = brokerId === null ? undefined : ctx.cluster.endpoint(brokerId);
    if (brokerId === null || !endpoint) return answer(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    return answer(ErrorCode.NONE, { nodeId: brokerId, host: endpoint.host, port: endpoint.port });
  },
};

export default handler;
