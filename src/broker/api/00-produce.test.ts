/**
 * Produce over the wire: the CRC check on a client batch, acks=0 (no response frame at all), and idempotent
 * sequence checks (gap → OUT_OF_ORDER_SEQUENCE_NUMBER, retried duplicate → its original offset).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { decodeResponseFrame, encodeRequestFrame, peekCorrelationId } from '../../protocol/codec.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { InitProducerIdResponse } from '../../protocol/generated/InitProducerIdResponse.js';
import type { ListOffsetsResponse } from '../../protocol/generated/ListOffsetsResponse.js';
import type { MetadataResponse } from '../../protocol/generated/MetadataResponse.js';
import type { ProduceRequest } from '../../protocol/generated/ProduceRequest.js';
import type { PartitionProduceResponse, ProduceResponse } from '../../protocol/generated/ProduceResponse.js';
import { createTopic, kafkaFor } from '../replication/testing.js';
import { CRC_OFFSET } from '../storage/record-batch.js';
import { batch, kv } from '../storage/testing.js';
import { readFrames, startHarness, type Harness } from '../testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ brokers: 1 });
  const kafka = kafkaFor(h, 'produce-test');
  for (const topic of ['crc', 'acks0', 'idempotent']) await createTopic(kafka, topic, 1, 1);
});
afterAll(async () => h.stop());

function produceBody(topic: string, records: Buffer, acks = -1): ProduceRequest {
  return { transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] };
}

async function produce(topic: string, records: Buffer): Promise<PartitionProduceResponse> {
  const conn = await h.protocol(1);
  const { body } = await conn.request<ProduceResponse>(ApiKey.Produce, produceBody(topic, records), 7);
  return body.responses[0].partitionResponses[0];
}

/** The partition's latest offset (log end offset) through ListOffsets. */
async function latestOffset(topic: string): Promise<bigint> {
  const conn = await h.protocol(1);
  const { body } = await conn.request<ListOffsetsResponse>(ApiKey.ListOffsets, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }],
  });
  const p = body.topics[0].partitions[0];
  expect(p.errorCode).toBe(ErrorCode.NONE);
  return p.offset!;
}


describe('Produce: CRC', () => {
  it('refuses a batch with a byte flipped after the CRC field with CORRUPT_MESSAGE and appends nothing', async () => {
    expect(await produce('crc', batch(kv([['k0', 'first']])))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    const before = await latestOffset('crc');
    expect(before).toBe(1n);

    const corrupt = batch(kv([['k1', 'second']]));
    // A letter of the record's value: covered by the CRC and checked by nothing else (the batch still parses).
    const at = corrupt.indexOf('second');
    expect(at).toBeGreaterThan(CRC_OFFSET + 4);
    corrupt[at] = 'S'.charCodeAt(0);
    expect(await produce('crc', corrupt)).toMatchObject({ errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1n });
    expect(await latestOffset('crc')).toBe(before);

    // The intact batch still goes in after the refused one, at the next offset.
    expect(await produce('crc', batch(kv([['k1', 'second']])))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 1n });
  });
});

describe('Produce: acks=0', () => {
  it('sends no response frame, and stores the record', async () => {
    const s = await h.socket(1);
    const frames = readFrames(s, 1);
    const header = (apiKey: number, apiVersion: number, correlationId: number) => ({ apiKey, apiVersion, correlationId, clientId: 'produce-test' });
    s.write(encodeRequestFrame(header(ApiKey.Produce, 7, 1), produceBody('acks0', batch(kv([['k', 'fire-and-forget']])), 0)));
    s.write(encodeRequestFrame(header(ApiKey.Metadata, 8, 2), { topics: [{ name: 'acks0' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
    const [next] = await frames;
    // The first frame back answers the Metadata request: the acks=0 produce got none.
    expect(peekCorrelationId(next)).toBe(2);
    const { body } = decodeResponseFrame<MetadataResponse>(ApiKey.Metadata, 8, next);
    expect(body.topics[0]).toMatchObject({ name: 'acks0', errorCode: ErrorCode.NONE });
    expect(await latestOffset('acks0')).toBe(1n);
  });
});

describe('Produce: idempotent sequences', () => {
  it('refuses a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER and answers a retried batch with its original offset', async () => {
    const conn = await h.protocol(1);
    const init = (await conn.request<InitProducerIdResponse>(ApiKey.InitProducerId, { transactionalId: null, transactionTimeoutMs: 60_000 })).body;
    expect(init.errorCode).toBe(ErrorCode.NONE);
    expect(init.producerId).toBeGreaterThanOrEqual(0n);
    const producer = { producerId: Number(init.producerId), producerEpoch: init.producerEpoch };
    const seqBatch = (baseSequence: number, values: string[]) =>
      batch(kv(values.map((v, i) => [`k${i}`, v])), { ...producer, baseSequence });

    expect(await produce('idempotent', seqBatch(0, ['a', 'b']))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    // Sequences 0-1 are in; 5 leaves a gap.
    expect(await produce('idempotent', seqBatch(5, ['f']))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(await latestOffset('idempotent')).toBe(2n);
    // The first batch again (a retry): accepted as a duplicate with its original base offset, not appended twice.
    expect(await produce('idempotent', seqBatch(0, ['a', 'b']))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    expect(await latestOffset('idempotent')).toBe(2n);
    // The next sequence in order goes on.
    expect(await produce('idempotent', seqBatch(2, ['c']))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 2n });
    expect(await latestOffset('idempotent')).toBe(3n);
  });
});
