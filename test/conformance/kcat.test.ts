/** kcat (librdkafka) sees the built-in cluster started by `topicops cluster start` as a Kafka cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, tempProject } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';
import { haveKcat, kcat, skipWithout } from './clients.js';

interface KcatMetadata {
  brokers: { id: number; name: string }[];
  topics: { topic: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
}

describe.skipIf(skipWithout(haveKcat(), 'kcat'))('kcat -L against the built-in cluster', () => {
  let cluster: ClusterProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let project: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    data = await tempDir();
    project = await tempProject();
    cluster = await startClusterProcess(['--data-dir', data.dir, '--brokers', '3', '--racks', 'a,b,c']);
    const apply = await runCli(['apply', '--yes', '--bootstrap', cluster.bootstrap], { cwd: project.dir });
    expect(apply.code).toBe(0);
  });
  afterAll(async () => {
    expect(await cluster?.stop()).toBe(0);
    await data?.cleanup();
    await project?.cleanup();
  });

  it('lists 3 brokers and every topic with partitions, leaders, replicas and ISR', async () => {
    const md = JSON.parse(await kcat(['-L', '-J', '-b', cluster.bootstrap])) as KcatMetadata;
    expect(md.brokers.map((b) => b.id).sort()).toEqual([1, 2, 3]);
    for (const b of md.brokers) expect(b.name).toMatch(/^127\.0\.0\.1:\d+$/);
    const orders = md.topics.find((t) => t.topic === 'orders.v1');
    expect(orders?.partitions).toHaveLength(12);
    for (const p of orders!.partitions) {
      expect(p.replicas).toHaveLength(3);
      expect(p.replicas.map((r) => r.id)).toContain(p.leader);
      expect(p.isrs.map((r) => r.id).sort()).toEqual(p.replicas.map((r) => r.id).sort());
    }
    // Leaders are spread: with 12 partitions over 3 brokers each leads 4.
    const leaders = new Map<number, number>();
    for (const p of orders!.partitions) leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
    expect([...leaders.values()]).toEqual([4, 4, 4]);
  });

  it('plain text -L output names the brokers and topics too', async () => {
    const text = await kcat(['-L', '-b', cluster.bootstrap]);
    expect(text).toMatch(/3 brokers:/);
    expect(text).toMatch(/topic "payments\.v1" with \d+ partitions:/);
  });
});
