/**
 * AlterConfigs (key 33), versions 0-1 — the legacy API: the given set replaces every dynamic config of the
 * resource (configs not named are removed).
 *
 * TOPIC resources: the new set is checked against the topic-config catalogue (unknown name or bad value →
 * INVALID_CONFIG), unknown topic → UNKNOWN_TOPIC_OR_PARTITION. BROKER resources ("" = cluster default, or this
 * broker's id): dynamic configs such as the replication throttle rates; read-only names or bad values →
 * INVALID_REQUEST. A resource named twice → INVALID_REQUEST for both; null values → INVALID_REQUEST.
 * validateOnly decides and changes nothing.
 * Leaves out: alter-config policies, BROKER_LOGGER (not part of this API in Kafka either).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import type { AlterConfigsRequest } from '../../protocol/generated/AlterConfigsRequest.js';
import type { AlterConfigsResponse } from '../../protocol/generated/AlterConfigsResponse.js';
import { decideConfigAlterations } from '../admin/alter-configs.js';
import { applyAlterations } from '../admin/apply-alterations.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<AlterConfigsRequest, AlterConfigsResponse> = {
  apiKey: ApiKey.AlterConfigs,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    const decisions = decideConfigAlterations(ctx.cluster, ctx.brokerId, request.resources, 'replace');
    if (!request.validateOnly && applyAlterations(ctx.cluster, decisions) > 0) {
      ctx.log.info({ resources: decisions.filter((d) => d.change).map((d) => d.change!.resource) }, 'altered configs');
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
