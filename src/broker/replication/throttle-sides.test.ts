/**
 * Each side of a replication throttle caps a move on its own (KIP-73): the leader's send side with only
 * `leader.replication.throttled.rate` set, the follower's receive side with only `follower.replication.throttled.rate`.
 * A ~300 KB copy at 100 KB/s must take at least ~2 s either way (a lower bound only: speed is for benchmarks), and
 * the same copy with no rate completes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { eventually, kafkaFor, partitionsOf, withAdmin } from './testing.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type Kafka = ReturnType<typeof kafkaFor>;
type Side = 'leader' | 'follower';

const RATE = 100_000;
const RECORDS = 300; // 1 KiB each: ~300 KB to copy, ~3 s at RATE


/**
 * Topic `topic` with one partition on broker 1 only, holding RECORDS 1 KiB records in batches of 10 (~10 KB): a
 * throttle lets one whole batch through when its bucket is full, so small batches keep that burst small.
 */
async function seed(kafka: Kafka, topic: string): Promise<void> {
  await withAdmin(kafka, (a) => a.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [1] }] }], waitForLeaders: true }));
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(1024, 'x');
  for (let i = 0; i < RECORDS; i += 10) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, j) => ({ partition: 0, key: `k${i + j}`, value })) });
  }
  await producer.disconnect();
}

/** Sets one side's rate on `broker` and that side's throttled-replicas list ('*') on the topic; nothing else. */
async function throttleOneSide(kafka: Kafka, topic: string, side: Side, broker: number): Promise<void> {
  await withAdmin(kafka, (a) =>
    a.alterConfigs({
      validateOnly: false,
      resources: [
        { type: 4 as const, name: String(broker), configEntries: [{ name: `${side}.replication.throttled.rate`, value: String(RATE) }] },
        { type: 2 as const, name: topic, configEntries: [{ name: `${side}.replication.throttled.replicas`, value: '*' }] },
      ],
    }),
  );
}

/** Adds broker 2 to partition 0 of `topic` and waits for the move to complete; returns how long it took (ms). */
async function timedMove(kafka: Kafka, topic: string): Promise<number> {
  const started = Date.now();
  await withAdmin(kafka, (a) => a.alterPartitionReassignments({ topics: [{ topic, partitionAssignment: [{ partition: 0, replicas: [1, 2] }] }] }));
  await eventually(async () => (await withAdmin(kafka, (a) => a.listPartitionReassignments({}))).topics.length === 0, 30_000, 'the move to complete');
  const elapsed = Date.now() - started;
  const [p0] = await partitionsOf(kafka, topic);
  expect(p0.replicas).toEqual([1, 2]);
  expect([...p0.isr].sort()).toEqual([1, 2]);
  return elapsed;
}

describe('replication throttle sides', () => {
  it('caps a move with only the leader-side rate set (on the leader, broker 1)', async () => {
    h = await startHarness({ brokers: 2 });
    const kafka = kafkaFor(h, 'leader-side');
    await seed(kafka, 'leader-side');
    await throttleOneSide(kafka, 'leader-side', 'leader', 1);
    expect(await timedMove(kafka, 'leader-side')).toBeGreaterThanOrEqual(2000);
  });

  it('caps a move with only the follower-side rate set (on the new replica, broker 2)', async () => {
    h = await startHarness({ brokers: 2 });
    const kafka = kafkaFor(h, 'follower-side');
    await seed(kafka, 'follower-side');
    await throttleOneSide(kafka, 'follower-side', 'follower', 2);
    expect(await timedMove(kafka, 'follower-side')).toBeGreaterThanOrEqual(2000);
  });

  it('completes the same move with no rate set', async () => {
    h = await startHarness({ brokers: 2 });
    const kafka = kafkaFor(h, 'unthrottled');
    await seed(kafka, 'unthrottled');
    await timedMove(kafka, 'unthrottled');
  });
});
