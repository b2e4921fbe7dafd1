/**
 * Fetch long-polling over the wire: with minBytes 1 an empty partition holds the request until data arrives (or
 * maxWaitMs runs out, answering empty). Only lower bounds on time are asserted; speed is for benchmarks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { FetchResponse } from '../../protocol/generated/FetchResponse.js';
import type { ProduceResponse } from '../../protocol/generated/ProduceResponse.js';
import { createTopic, kafkaFor } from '../replication/testing.js';
import { parseRecordBatches } from '../storage/record-batch.js';
import { decodeBatchRecords } from '../storage/records.js';
import { batch, kv } from '../storage/testing.js';
import { startHarness, type Harness } from '../testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ brokers: 1 });
  const kafka = kafkaFor(h, 'fetch-test');
  for (const topic of ['waits-for-data', 'times-out']) await createTopic(kafka, topic, 1, 1);
});
afterAll(async () => h.stop());

async function longPoll(topic: string, maxWaitMs: number) {
  const conn = await h.protocol(1);
  const { body } = await conn.request<FetchResponse>(ApiKey.Fetch, {
    replicaId: -1, maxWaitMs, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }] }],
    forgottenTopicsData: [], rackId: '',
  }, 11);
  return body.responses[0].partitions[0];
}

function values(records: Buffer | null | undefined): string[] {
  if (!records || records.length === 0) return [];
  return parseRecordBatches(records).batches.flatMap((b) =>
    decodeBatchRecords(records.subarray(b.position, b.position + b.sizeInBytes), b).map((r) => r.value?.toString() ?? ''));
}

describe('Fetch long-poll (maxWaitMs / minBytes)', () => {
  it('holds a fetch on an empty partition and answers it with the record produced meanwhile', async () => {
    const started = Date.now();
    const fetching = longPoll('waits-for-data', 5000);
    let answered = false;
    void fetching.then(() => (answered = true), () => (answered = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false); // still waiting: the partition is empty

    const producer = await h.protocol(1);
    const { body } = await producer.request<ProduceResponse>(ApiKey.Produce, {
      transactionalId: null, acks: -1, timeoutMs: 5000,
      topicData: [{ name: 'waits-for-data', partitionData: [{ index: 0, records: batch(kv([['k', 'arrived']])) }] }],
    }, 7);
    expect(body.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);

    const p = await fetching;
    const elapsed = Date.now() - started;
    expect(p).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 1n });
    expect(values(p.records)).toEqual(['arrived']);
    // Answered by the produce, not by maxWaitMs running out.
    expect(elapsed).toBeLessThan(5000);
  });

  it('answers empty once maxWaitMs has passed when nothing arrives', async () => {
    const started = Date.now();
    const p = await longPoll('times-out', 300);
    const elapsed = Date.now() - started;
    expect(p).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 0n });
    expect(values(p.records)).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(250);
  });
});
