/**
 * ApiVersions (key 18), versions 0-3.
 *
 * Answers with every API in the registry and its served range (never a hand-written list), throttle 0.
 * v3's request carries the client's software name/version; it is accepted as is.
 * A request for a version above 3 never reaches this handler: the connection answers it in v0 format with
 * UNSUPPORTED_VERSION and only the ApiVersions range (KIP-511), so clients can downgrade.
 * Leaves out: supported/finalized features (no feature flags), the v3 software-name format check (Kafka
 * answers INVALID_REQUEST for names outside [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { ApiVersionsRequest } from '../../protocol/generated/ApiVersionsRequest.js';
import type { ApiVersionsResponse } from '../../protocol/generated/ApiVersionsResponse.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<ApiVersionsRequest, ApiVersionsResponse> = {
  apiKey: ApiKey.ApiVersions,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx) {
    return {
      errorCode: ErrorCode.NONE,
      apiKeys: ctx.registry.versions().map((v) => ({ ...v })),
      throttleTimeMs: 0,
    };
  },
};

export default handler;
