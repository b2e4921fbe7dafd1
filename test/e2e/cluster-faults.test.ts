/**
 * Faults of the built-in cluster run as a user runs it (`topicops cluster start` in its own process):
 * stopping and starting one broker with `topicops cluster broker stop|start`, and kill -9 of the whole cluster
 * process followed by a restart on the same data dir — no acknowledged record is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { runCli, tempDir } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';

const { Kafka, logLevel } = kafkajs;

let cluster: ClusterProcess | undefined;
let data: { dir: string; cleanup: () => Promise<void> } | undefined;
afterEach(async () => {
  if (cluster && cluster.child.exitCode === null) await cluster.stop();
  await data?.cleanup();
  cluster = undefined;
  data = undefined;
});

function client(bootstrap: string) {
  return new Kafka({ clientId: 'faults', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 1000 } });
}

async function partitions(bootstrap: string, topic: string) {
  const admin = client(bootstrap).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId);
  } finally {
    await admin.disconnect();
  }
}

async function consumeAll(bootstrap: string, topic: string, expected: number): Promise<string[]> {
  const kafka = client(bootstrap);
  const consumer = kafka.consumer({ groupId: `check-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: string[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 20_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
        if (seen.length >= expected) {
          clearTimeout(timer);
          setTimeout(resolve, 300); // anything beyond `expected` would be a duplicate: give it a moment to show up
        }
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

describe('topicops cluster broker stop|start', () => {
  it('stops one broker of a running cluster, moves its leaderships, and takes it back', async () => {
    data = await tempDir();
    cluster = await startClusterProcess(['--data-dir', data.dir, '--brokers', '3']);
    const admin = client(cluster.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'ha', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const stop = await runCli(['cluster', 'broker', 'stop', '2', '--data-dir', data.dir]);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('broker 2: stopped');
    const list = await runCli(['cluster', 'broker', 'list', '--data-dir', data.dir, '--format', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([{ id: 1, online: true }, { id: 2, online: false }, { id: 3, online: true }]);
    for (const p of await partitions(cluster.bootstrap, 'ha')) {
      expect(p.leader).not.toBe(2);
      expect(p.isr).not.toContain(2);
      expect(p.offlineReplicas).toEqual([2]);
    }

    const unknown = await runCli(['cluster', 'broker', 'stop', '9', '--data-dir', data.dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no broker 9/);

    expect((await runCli(['cluster', 'broker', 'start', '2', '--data-dir', data.dir])).code).toBe(0);
    const deadline = Date.now() + 10_000;
    while (!(await partitions(cluster.bootstrap, 'ha')).every((p) => p.isr.includes(2))) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('says so when no cluster runs on the data dir', async () => {
    data = await tempDir();
    const res = await runCli(['cluster', 'broker', 'list', '--data-dir', data.dir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/no built-in cluster is running/);
  });
});

describe('kill -9 of the cluster process', () => {
  it('loses no record acknowledged with acks=all', async () => {
    data = await tempDir();
    cluster = await startClusterProcess(['--data-dir', data.dir, '--brokers', '3']);
    const kafka = client(cluster.bootstrap);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'durable', numPartitions: 4, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const acked: string[] = [];
    for (let batch = 0; batch < 40; batch++) {
      const values = Array.from({ length: 50 }, (_, i) => `r${batch * 50 + i}`);
      await producer.send({ topic: 'durable', acks: -1, messages: values.map((value, i) => ({ key: `k${i % 13}`, value })) });
      acked.push(...values);
    }
    // Kill mid-stream: a batch may be in flight, unacknowledged (it may or may not survive).
    const inFlight = producer.send({ topic: 'durable', acks: -1, messages: [{ value: 'in-flight' }] }).catch(() => undefined);
    cluster.child.kill('SIGKILL');
    await new Promise((r) => cluster!.child.once('exit', r));
    await inFlight;
    await producer.disconnect().catch(() => undefined);

    cluster = await startClusterProcess(['--data-dir', data.dir]);
    const seen = await consumeAll(cluster.bootstrap, 'durable', acked.length);
    const counts = new Map<string, number>();
    for (const v of seen) counts.set(v, (counts.get(v) ?? 0) + 1);
    const missing = acked.filter((v) => !counts.has(v));
    const duplicated = acked.filter((v) => (counts.get(v) ?? 0) > 1);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
  });
});
