/**
 * DescribeCluster (key 60), version 0 (flexible only).
 *
 * Brokers with host, port and rack; controller id; cluster id; cluster authorized operations when asked
 * (every cluster operation: there is no authorizer), else -2147483648.
 * Leaves out: v1's endpoint type (controllers are not separate nodes here).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DescribeClusterRequest } from '../../protocol/generated/DescribeClusterRequest.js';
import type { DescribeClusterResponse } from '../../protocol/generated/DescribeClusterResponse.js';
import { AUTHORIZED_OPERATIONS_OMITTED, CLUSTER_OPERATIONS } from '../admin/authorized-operations.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<DescribeClusterRequest, DescribeClusterResponse> = {
  apiKey: ApiKey.DescribeCluster,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    const { cluster } = ctx;
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      clusterId: cluster.clusterId,
      controllerId: cluster.controllerId,
      brokers: cluster.brokers().flatMap((b) => {
        const ep = cluster.endpoint(b.id);
        return ep ? [{ brokerId: b.id, host: ep.host, port: ep.port, rack: b.rack }] : [];
      }),
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED,
    };
  },
};

export default handler;
