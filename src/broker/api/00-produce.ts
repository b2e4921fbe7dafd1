/**
 * Produce (key 0), versions 0-8 (record batches, magic v2; 0-2 are advertised because librdkafka enables features
 * by range overlap, but only magic v2 data is accepted).
 *
 * Every partition is appended on its leader first (synchronously, in request order); then, with acks=-1, the
 * response waits until every ISR member has the data (high watermark past the last offset) or `timeoutMs` runs out
 * (REQUEST_TIMED_OUT). acks=-1 is refused with NOT_ENOUGH_REPLICAS before the append when the ISR is smaller than
 * min.insync.replicas, and answered NOT_ENOUGH_REPLICAS_AFTER_APPEND if it shrank below it meanwhile. acks=0 gets
 * no response at all. Idempotent batches are checked per producer (duplicates answer with the original offset,
 * gaps with OUT_OF_ORDER_SEQUENCE_NUMBER). Storage refusals carry Kafka's codes (CORRUPT_MESSAGE,
 * MESSAGE_TOO_LARGE, INVALID_RECORD with record errors on v8, …).
 * Leaves out: transactions (a transactional id is refused with TRANSACTIONAL_ID_AUTHORIZATION_FAILED), quotas.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { ProduceRequest } from '../../protocol/generated/ProduceRequest.js';
import type { PartitionProduceResponse, ProduceResponse } from '../../protocol/generated/ProduceResponse.js';
import { replicaManagerOf } from '../replication/attach.js';
import { storageErrorCode } from '../replication/replica-manager.js';
import { RecordValidationError } from '../storage/index.js';
import { NO_RESPONSE, type ApiHandler } from './types.js';

function failed(index: number, errorCode: number, errorMessage: string | null = null, recordErrors: PartitionProduceResponse['recordErrors'] = []): PartitionProduceResponse {
  return { index, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors, errorMessage };
}

const handler: ApiHandler<ProduceRequest, ProduceResponse | typeof NO_RESPONSE> = {
  apiKey: ApiKey.Produce,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 8,
  async handle(ctx, request) {
    const rm = replicaManagerOf(ctx.cluster);
    const acks = request.acks;
    const pending: { topic: number; slot: number; partition: number; lastOffset: number }[] = [];
    const responses = request.topicData.map((t, ti) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((pd, pi): PartitionProduceResponse => {
        if (acks !== 0 && acks !== 1 && acks !== -1) return failed(pd.index, ErrorCode.INVALID_REQUIRED_ACKS);
        if (request.transactionalId) return failed(pd.index, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 'transactions are not supported by the built-in cluster');
        if (pd.records === null || pd.records.length === 0) return failed(pd.index, ErrorCode.CORRUPT_MESSAGE, 'produce request without records');
        try {
          const r = rm.appendAsLeader(ctx.brokerId, t.name, pd.index, pd.records, acks);
          if (acks === -1) pending.push({ topic: ti, slot: pi, partition: pd.index, lastOffset: r.lastOffset });
          return { index: pd.index, errorCode: ErrorCode.NONE, baseOffset: BigInt(r.baseOffset), logAppendTimeMs: BigInt(r.logAppendTime), logStartOffset: BigInt(r.logStartOffset), recordErrors: [], errorMessage: null };
        } catch (e) {
          const code = storageErrorCode(e);
          if (code === null) throw e;
          const recordErrors = e instanceof RecordValidationError ? e.recordErrors.map((r) => ({ batchIndex: r.batchIndex, batchIndexErrorMessage: r.message })) : [];
          ctx.log.debug({ topic: t.name, partition: pd.index, code, err: e }, 'produce refused');
          return failed(pd.index, code, (e as Error).message, recordErrors);
        }
      }),
    }));
    if (acks === 0) return NO_RESPONSE;
    await Promise.all(
      pending.map(async (w) => {
        const topic = responses[w.topic];
        const code = await rm.awaitReplication(ctx.brokerId, topic.name, w.partition, w.lastOffset, request.timeoutMs);
        if (code !== ErrorCode.NONE) {
          const slot = topic.partitionResponses[w.slot];
          topic.partitionResponses[w.slot] = { ...slot, errorCode: code, errorMessage: null };
        }
      }),
    );
    return { responses, throttleTimeMs: 0 };
  },
};

export default handler;
