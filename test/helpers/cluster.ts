/** Starts the built-in cluster for a test, on ephemeral loopback ports in a temp dir. */
import kafkajs, { type Admin } from 'kafkajs';
import pino from 'pino';
import { startBuiltInCluster, type RunningCluster } from '../../src/broker/index.js';
import { tempDir } from './cli.js';

const { Kafka, logLevel } = kafkajs;

export interface TestCluster {
  readonly cluster: RunningCluster;
  readonly dataDir: string;
  admin(): Promise<Admin>;
  stop(): Promise<void>;
}

export async function startTestCluster(opts: { brokers?: number; racks?: string[]; dataDir?: string } = {}): Promise<TestCluster> {
  const tmp = opts.dataDir ? undefined : await tempDir('topicops-cluster-');
  const dataDir = opts.dataDir ?? tmp!.dir;
  const cluster = await startBuiltInCluster({ dataDir, brokers: opts.brokers ?? 3, racks: opts.racks, port: 0, logger: pino({ level: 'silent' }) });
  const admins: Admin[] = [];
  return {
    cluster,
    dataDir,
    async admin() {
      const kafka = new Kafka({ clientId: 'topicops-test', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      admins.push(admin);
      return admin;
    },
    async stop() {
      await Promise.all(admins.map((a) => a.disconnect()));
      await cluster.stop();
      await tmp?.cleanup();
    },
  };
}
