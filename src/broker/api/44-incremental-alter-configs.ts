/**
 * IncrementalAlterConfigs (key 44), versions 0-1.
 *
 * Per config: SET (0), DELETE (1), APPEND (2) / SUBTRACT (3) for LIST configs (from the current value, or the
 * default when unset). Unknown operation → INVALID_REQUEST. APPEND/SUBTRACT on a non-LIST topic config →
 * INVALID_CONFIG. The resulting topic overrides are checked against the catalogue (INVALID_CONFIG), including
 * the leader/follower.replication.throttled.replicas format; unknown topic → UNKNOWN_TOPIC_OR_PARTITION.
 * BROKER resources ("" or this broker's id) take the replication throttle rates
 * (leader/follower.replication.throttled.rate, replica.alter.log.dirs.io.max.bytes.per.second) and the other
 * dynamic broker configs; read-only names or bad values → INVALID_REQUEST. A resource named twice →
 * INVALID_REQUEST. validateOnly decides and changes nothing.
 * Leaves out: BROKER_LOGGER (log levels), CLIENT_METRICS and GROUP resources, alter-config policies.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import type { IncrementalAlterConfigsRequest } from '../../protocol/generated/IncrementalAlterConfigsRequest.js';
import type { IncrementalAlterConfigsResponse } from '../../protocol/generated/IncrementalAlterConfigsResponse.js';
import { decideConfigAlterations } from '../admin/alter-configs.js';
import { applyAlterations } from '../admin/apply-alterations.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse> = {
  apiKey: ApiKey.IncrementalAlterConfigs,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    const decisions = decideConfigAlterations(ctx.cluster, ctx.brokerId, request.resources, 'incremental');
    if (!request.validateOnly && applyAlterations(ctx.cluster, decisions) > 0) {
      ctx.log.info({ resources: decisions.filter((d) => d.change).map((d) => d.change!.resource) }, 'altered configs incrementally');
      await ctx.durable();
    }
    return {
      throttleTimeMs: 0,
      responses: decisions.map((d) => ({
        errorCode: d.error.code,
        errorMessage: d.error.message,
        resourceType: d.resourceType,
        resourceName: d.resourceName,
      })),
    };
  },
};

export default handler;
