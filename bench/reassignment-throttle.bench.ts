/**
 * Throttle fidelity of the built-in cluster's partition reassignment: ~200 MB over 8 partitions moved onto a new
 * broker at a 20 MB/s throttle, then moved again with no throttle. The bytes on the target broker are sampled
 * every 100 ms with DescribeLogDirs (as a user of the cluster would see them).
 *
 * Figures: duration ÷ (bytes moved ÷ throttle) (target ≤ 1.10), the highest replication rate over any one-second
 * span of samples ÷ throttle (target ≤ 1.05), and the unthrottled move's rate.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import pino from 'pino';
import { startBuiltInCluster } from '../src/broker/index.js';
import { ApiKey } from '../src/protocol/api-keys.js';
import { ProtocolConnection } from '../src/protocol/client.js';
import type { DescribeLogDirsResponse } from '../src/protocol/generated/DescribeLogDirsResponse.js';

export const name = 'reassignment-throttle';
export const description = '~200 MB over 8 partitions moved to a new broker at 20 MB/s, then unthrottled (built-in cluster, 4 brokers)';

const { Kafka, logLevel } = kafkajs;
const THROTTLE = 20_000_000;
const PARTITIONS = 8;
const MB_PER_PARTITION = 25;
const TOPIC = 'bench-moves';

type Admin = ReturnType<InstanceType<typeof Kafka>['admin']>;

async function bytesOn(conn: ProtocolConnection): Promise<number> {
  const { body } = await conn.request<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: null });
  return body.results.flatMap((r) => r.topics).filter((t) => t.name === TOPIC).flatMap((t) => t.partitions).reduce((n, p) => n + Number(p.partitionSize), 0);
}

/** Starts a move and samples the target broker's bytes until no reassignment is listed. */
async function timedMove(admin: Admin, conn: ProtocolConnection, targets: { partition: number; replicas: number[] }[]): Promise<{ seconds: number; bytes: number; maxWindowRate: number }> {
  const start = await bytesOn(conn);
  const t0 = performance.now();
  await admin.alterPartitionReassignments({ topics: [{ topic: TOPIC, partitionAssignment: targets }] });
  const samples: [number, number][] = [[0, 0]];
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    samples.push([performance.now() - t0, (await bytesOn(conn)) - start]);
    if ((await admin.listPartitionReassignments({})).topics.length === 0) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  let maxWindowRate = 0;
  for (const [t, b] of samples) {
    const later = samples.find(([t2]) => t2 >= t + 1000);
    if (later) maxWindowRate = Math.max(maxWindowRate, (later[1] - b) / ((later[0] - t) / 1000));
  }
  return { seconds, bytes: samples.at(-1)![1], maxWindowRate };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'topicops-bench-'));
  const cluster = await startBuiltInCluster({ dataDir: dir, brokers: 4, port: 0, logger: pino({ level: 'silent' }) });
  const kafka = new Kafka({ clientId: 'bench', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const b4 = cluster.brokers.find((b) => b.id === 4)!;
  const conn = await ProtocolConnection.connect(b4.host, b4.port);
  try {
    await admin.connect();
    const original = Array.from({ length: PARTITIONS }, (_, p) => [1 + (p % 3), 1 + ((p + 1) % 3)]);
    await admin.createTopics({ topics: [{ topic: TOPIC, replicaAssignment: original.map((replicas, partition) => ({ partition, replicas })) }], waitForLeaders: true });
    await producer.connect();
    const value = Buffer.alloc(1024, 'v');
    const t0 = performance.now();
    for (let p = 0; p < PARTITIONS; p++) {
      for (let i = 0; i < (MB_PER_PARTITION * 1024) / 256; i++) {
        await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 256 }, (_, j) => ({ partition: p, key: String(j), value })) });
      }
    }
    const loadSeconds = (performance.now() - t0) / 1000;

    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        ...[1, 2, 3, 4].map((b) => ({
          type: 4 as const,
          name: String(b),
          configEntries: [
            { name: 'leader.replication.throttled.rate', value: String(THROTTLE) },
            { name: 'follower.replication.throttled.rate', value: String(THROTTLE) },
          ],
        })),
        { type: 2 as const, name: TOPIC, configEntries: [{ name: 'leader.replication.throttled.replicas', value: '*' }, { name: 'follower.replication.throttled.replicas', value: '*' }] },
      ],
    });
    // Each partition's second replica moves to broker 4: every byte lands on broker 4, capped by its follower throttle.
    const throttled = await timedMove(admin, conn, original.map((r, partition) => ({ partition, replicas: [r[0], 4] })));
    await admin.alterConfigs({ validateOnly: false, resources: [1, 2, 3, 4].map((b) => ({ type: 4 as const, name: String(b), configEntries: [] })) });
    // Unthrottled: the same partitions copied again, from broker 4 back to their original second broker.
    const back = await timedMove(admin, conn, original.map((r, partition) => ({ partition, replicas: [r[0], r[1]] })));
    return {
      load_MB_per_s_kafkajs_acks_all: (PARTITIONS * MB_PER_PARTITION) / loadSeconds,
      throttled_bytes_moved: throttled.bytes,
      throttled_seconds: throttled.seconds,
      throttle_bytes_per_s: THROTTLE,
      duration_over_ideal: throttled.seconds / (throttled.bytes / THROTTLE),
      max_1s_rate_over_throttle: throttled.maxWindowRate / THROTTLE,
      unthrottled_seconds: back.seconds,
      unthrottled_MB_per_s: throttled.bytes / back.seconds / 1e6,
    };
  } finally {
    await conn.close();
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
