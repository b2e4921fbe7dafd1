/**
 * InitProducerId (key 22), versions 0-1.
 *
 * Idempotent producers (no transactional id): a new producer id, epoch 0. Ids come from a counter seeded with the
 * cluster's start time in microseconds, so ids handed out before a restart are not handed out again.
 * Leaves out: transactions — a transactional id is answered COORDINATOR_NOT_AVAILABLE, as FindCoordinator answers
 * for transaction coordinators (there is none); re-initialising an existing producer id (v3+, KIP-360).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { InitProducerIdRequest } from '../../protocol/generated/InitProducerIdRequest.js';
import type { InitProducerIdResponse } from '../../protocol/generated/InitProducerIdResponse.js';
import type { ApiHandler } from './types.js';

let nextProducerId = Date.now() * 1000;

const handler: ApiHandler<InitProducerIdRequest, InitProducerIdResponse> = {
  apiKey: ApiKey.InitProducerId,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle(_ctx, request) {
    if (request.transactionalId !== null && request.transactionalId !== undefined) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1n, producerEpoch: -1 };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: BigInt(nextProducerId++), producerEpoch: 0 };
  },
};

export default handler;
