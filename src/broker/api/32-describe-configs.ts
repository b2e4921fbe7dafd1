/**
 * DescribeConfigs (key 32), versions 0-3.
 *
 * TOPIC (2): every topic config with its value, source (DYNAMIC_TOPIC_CONFIG for overrides, else where the
 * broker default came from, usually DEFAULT_CONFIG), readOnly false, isSensitive false, isDefault (v0),
 * synonyms (v1+, when asked: the override, then the broker synonyms that are set), configType (v3+) and
 * documentation (v3+, when asked). Illegal name → INVALID_TOPIC_EXCEPTION; unknown topic →
 * UNKNOWN_TOPIC_OR_PARTITION.
 * BROKER (4): name = this broker's id → all its configs (read-only static ones and the dynamic ones incl. the
 * replication throttle rates); "" → the cluster-wide dynamic defaults that are set; another id →
 * INVALID_REQUEST (Kafka: ask that broker). configurationKeys filters the names (null/empty = all).
 * Leaves out: BROKER_LOGGER (8), CLIENT_METRICS and GROUP resources (INVALID_REQUEST).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DescribeConfigsRequest, DescribeConfigsResource } from '../../protocol/generated/DescribeConfigsRequest.js';
import type { DescribeConfigsResponse, DescribeConfigsResult } from '../../protocol/generated/DescribeConfigsResponse.js';
import { apiError, type ApiError } from '../admin/api-error.js';
import { RESOURCE_TYPE } from '../admin/resource-types.js';
import { invalidTopicNameReason } from '../admin/topic-names.js';
import {
  ConfigSource,
  describeBrokerConfigs,
  describeClusterDefaultConfigs,
  describeTopicConfigs,
  type DescribedConfig,
} from '../configs/describe.js';
import type { ApiHandler, RequestContext } from './types.js';

function describeResource(ctx: RequestContext, resource: DescribeConfigsResource): DescribedConfig[] | ApiError {
  const { cluster } = ctx;
  const name = resource.resourceName;
  switch (resource.resourceType) {
    case RESOURCE_TYPE.TOPIC: {
      const invalid = invalidTopicNameReason(name);
      if (invalid !== null) return apiError(ErrorCode.INVALID_TOPIC_EXCEPTION, invalid);
      if (!cluster.topic(name)) return apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, '');
      return describeTopicConfigs(cluster, ctx.brokerId, cluster.configs({ kind: 'topic', name }));
    }
    case RESOURCE_TYPE.BROKER: {
      if (name === '') return describeClusterDefaultConfigs(cluster);
      if (!/^[+-]?\d+$/.test(name)) return apiError(ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${name}`);
      if (Number(name) !== ctx.brokerId) {
        return apiError(ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${ctx.brokerId} or empty string, but received ${name}`);
      }
      return describeBrokerConfigs(cluster, ctx.brokerId);
    }
    default:
      return apiError(ErrorCode.INVALID_REQUEST, `Unsupported resource type: ${resource.resourceType}`);
  }
}

const handler: ApiHandler<DescribeConfigsRequest, DescribeConfigsResponse> = {
  apiKey: ApiKey.DescribeConfigs,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, request) {
    const includeSynonyms = request.includeSynonyms === true;
    const includeDocumentation = request.includeDocumentation === true;
    const results = request.resources.map((resource): DescribeConfigsResult => {
      const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
      const described = describeResource(ctx, resource);
      if (!Array.isArray(described)) {
        return { ...base, errorCode: described.code, errorMessage: described.message, configs: [] };
      }
      const keys = resource.configurationKeys;
      const selected = keys && keys.length > 0 ? described.filter((c) => keys.includes(c.name)) : described;
      return {
        ...base,
        errorCode: ErrorCode.NONE,
        errorMessage: '',
        configs: selected.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: c.readOnly,
          isDefault: c.source === ConfigSource.DEFAULT_CONFIG,
          configSource: c.source,
          isSensitive: c.isSensitive,
          synonyms: includeSynonyms ? c.synonyms.map((s) => ({ ...s })) : [],
          configType: c.configType,
          documentation: includeDocumentation ? c.documentation : null,
        })),
      };
    });
    return { throttleTimeMs: 0, results };
  },
};

export default handler;
