/**
 * End to end: the CLI plans and applies topics/ against the built-in cluster over the wire, exactly as
 * `npm start` does, then the result is checked through kafkajs against the same data dir.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import kafkajs from 'kafkajs';

const { ConfigResourceTypes } = kafkajs;
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startTestCluster } from '../helpers/cluster.js';

let project: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  project = await tempProject();
});
afterEach(async () => {
  await project.cleanup();
});

const dataDir = () => path.join(project.dir, '.topicops/cluster');

async function editYaml(file: string, from: RegExp, to: string): Promise<void> {
  const p = path.join(project.dir, 'topics', file);
  const text = await readFile(p, 'utf8');
  expect(text).toMatch(from);
  await writeFile(p, text.replace(from, to));
}

describe('apply against the built-in cluster', () => {
  it('creates the example topics, then reports no changes', async () => {
    const first = await runCli(['apply', '--yes'], { cwd: project.dir });
    expect(first.stderr).not.toMatch(/Error:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ create orders.v1 (12 partitions, RF 3)');
    expect(first.stdout).toContain('+ create payments.v1');
    expect(first.stdout).toMatch(/Apply complete: \d+ created, 0 updated, 0 deleted\./);

    const second = await runCli(['apply', '--yes'], { cwd: project.dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes. The cluster matches topics/.');

    // The cluster really has them, with the YAML's configs, as seen by an ordinary client.
    const tc = await startTestCluster({ dataDir: dataDir() });
    try {
      const admin = await tc.admin();
      const md = await admin.fetchTopicMetadata({ topics: ['orders.v1', 'payments.v1'] });
      const orders = md.topics.find((t) => t.name === 'orders.v1')!;
      expect(orders.partitions).toHaveLength(12);
      expect(new Set(orders.partitions.map((p) => p.replicas.length))).toEqual(new Set([3]));
      const cfg = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'payments.v1', configNames: ['min.insync.replicas'] }],
      });
      expect(cfg.resources[0].configEntries[0]).toMatchObject({ configName: 'min.insync.replicas', configValue: '2' });
    } finally {
      await tc.stop();
    }
  });

  it('plans and applies exactly an edited config, with terraform exit codes', async () => {
    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    await editYaml('commerce/payments.yaml', /retention\.ms: .*/, 'retention.ms: 3d');

    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/~ update payments\.v1: retention\.ms \d+ → 259200000/);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete.');

    const json = await runCli(['plan', '--format', 'json'], { cwd: project.dir });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.formatVersion).toBe(1);
    expect(parsed.actions).toEqual([
      expect.objectContaining({ kind: 'update-configs', topic: 'payments.v1', changes: [expect.objectContaining({ name: 'retention.ms', to: '259200000' })] }),
    ]);

    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    const after = await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir });
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('No changes.');
  });

  it('returns an omitted config to the default only if topicops set it; an override set by another tool stays', async () => {
    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    // Someone sets an override by hand, on a topic topicops manages.
    const tc = await startTestCluster({ dataDir: dataDir() });
    try {
      const admin = await tc.admin();
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'payments.v1', configEntries: [
        { name: 'max.message.bytes', value: '2097152' }, { name: 'retention.ms', value: '2592000000' }, { name: 'min.insync.replicas', value: '2' },
        { name: 'unclean.leader.election.enable', value: 'false' }, { name: 'segment.ms', value: '3600000' },
      ] }] });
    } finally {
      await tc.stop();
    }
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir })).code).toBe(0);

    // The YAML drops a config topicops set: back to the default. segment.ms, set by hand, is not topicops' to remove.
    await editYaml('commerce/payments.yaml', /\n\s*max\.message\.bytes: .*/, '');
    const plan = await runCli(['plan'], { cwd: project.dir });
    expect(plan.stdout).toMatch(/max\.message\.bytes/);
    expect(plan.stdout).not.toMatch(/segment\.ms/);
    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir })).code).toBe(0);

    const again = await startTestCluster({ dataDir: dataDir() });
    try {
      const admin = await again.admin();
      const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'payments.v1', configNames: ['max.message.bytes', 'segment.ms'] }] });
      const byName = Object.fromEntries(cfg.resources[0].configEntries.map((e) => [e.configName, [e.configValue, e.isDefault]]));
      expect(byName).toEqual({ 'max.message.bytes': ['1048588', true], 'segment.ms': ['3600000', false] });
    } finally {
      await again.stop();
    }
  });

  it('applies a replication factor change as a throttled partition reassignment', async () => {
    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    await editYaml('analytics/clickstream.yaml', /replicationFactor: 2/, 'replicationFactor: 3');
    const plan = await runCli(['plan', '--throttle', '10MiB/s'], { cwd: project.dir });
    expect(plan.stdout).toContain('~ reassign clickstream.v1 (replication factor): 24 partitions, 24 replicas added');
    const apply = await runCli(['apply', '--yes', '--throttle', '10MiB/s'], { cwd: project.dir });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete: .*\d+ partitions? moved\./);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir })).code).toBe(0);

    const tc = await startTestCluster({ dataDir: dataDir() });
    try {
      const admin = await tc.admin();
      const [topic] = (await admin.fetchTopicMetadata({ topics: ['clickstream.v1'] })).topics;
      for (const p of topic.partitions) {
        expect(new Set(p.replicas).size).toBe(3);
        expect(p.leader).toBe(p.replicas[0]);
      }
      const cfg = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'clickstream.v1', configNames: ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'] }],
      });
      expect(cfg.resources[0].configEntries.filter((e) => !e.isDefault)).toEqual([]);
    } finally {
      await tc.stop();
    }
  });

  it('refuses a partition decrease and changes nothing, not even the valid changes', async () => {
    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    await editYaml('commerce/orders.yaml', /partitions: 12/, 'partitions: 4');
    await editYaml('commerce/payments.yaml', /retention\.ms: .*/, 'retention.ms: 3d');

    const plan = await runCli(['plan'], { cwd: project.dir });
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toMatch(/orders\.v1.*12.*4/);

    const apply = await runCli(['apply', '--yes'], { cwd: project.dir });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('nothing was applied');

    const tc = await startTestCluster({ dataDir: dataDir() });
    try {
      const admin = await tc.admin();
      const md = await admin.fetchTopicMetadata({ topics: ['orders.v1'] });
      expect(md.topics[0].partitions).toHaveLength(12);
      const cfg = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'payments.v1', configNames: ['retention.ms'] }],
      });
      expect(cfg.resources[0].configEntries[0].configValue).not.toBe('259200000');
    } finally {
      await tc.stop();
    }
  });

  it('apply --dry-run shows the plan in dry-run wording and changes nothing', async () => {
    const dry = await runCli(['apply', '--dry-run'], { cwd: project.dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+ create orders.v1 (12 partitions, RF 3)');
    expect(dry.stdout).toMatch(/Dry run: apply would make the changes above \(\d+ to be created, 0 to be updated, 0 to be deleted\); nothing was changed\./);
    const json = JSON.parse((await runCli(['apply', '--dry-run', '--format', 'json'], { cwd: project.dir })).stdout);
    expect(json).toMatchObject({ dryRun: true, applied: [] });
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir })).code).toBe(2);
  });

  it('changes nothing when the cluster refuses one change in the validate-only pass', async () => {
    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    // Another tool creates orders_v2; the YAML then asks for orders.v2, which collides with it ('.' and '_' alike).
    const tc = await startTestCluster({ dataDir: dataDir() });
    try {
      const admin = await tc.admin();
      await admin.createTopics({ topics: [{ topic: 'orders_v2', numPartitions: 1, replicationFactor: 1 }] });
    } finally {
      await tc.stop();
    }
    await editYaml('commerce/payments.yaml', /retention\.ms: .*/, 'retention.ms: 3d');
    const orders = path.join(project.dir, 'topics/commerce/orders.yaml');
    await writeFile(orders, `${await readFile(orders, 'utf8')}\n---\nname: orders.v2\npartitions: 3\nreplicationFactor: 3\n`);

    const apply = await runCli(['apply', '--yes'], { cwd: project.dir });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/refused 1 change\(s\) in a validate-only pass; nothing was applied/);
    expect(apply.stderr).toMatch(/orders\.v2: .*collides with existing topic: orders_v2/);
    // The valid change (payments.v1 retention) was not applied either.
    const plan = await runCli(['plan'], { cwd: project.dir });
    expect(plan.stdout).toMatch(/~ update payments\.v1: retention\.ms \d+ → 259200000/);
  });

  it('warns before adding partitions to a topic whose records carry keys', async () => {
    expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
    const tc = await startTestCluster({ dataDir: dataDir() });
    try {
      const producer = new kafkajs.Kafka({ brokers: tc.cluster.bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic: 'orders.v1', acks: -1, messages: [{ key: 'order-1', value: 'created' }] });
      await producer.send({ topic: 'clickstream.v1', acks: -1, messages: [{ key: null, value: 'view' }] });
      await producer.disconnect();
    } finally {
      await tc.stop();
    }
    await editYaml('commerce/orders.yaml', /partitions: 12/, 'partitions: 16');
    await editYaml('analytics/clickstream.yaml', /partitions: 24/, 'partitions: 30');
    const plan = await runCli(['plan', '--format', 'json'], { cwd: project.dir });
    const warnings = (JSON.parse(plan.stdout).warnings as { code: string; topic?: string }[]).filter((w) => w.code === 'keyed-partition-increase');
    // orders.v1 has keyed records (delete policy, so only its data says so); clickstream.v1 has none.
    expect(warnings.map((w) => w.topic)).toEqual(['orders.v1']);
    expect((await runCli(['plan', '--strict'], { cwd: project.dir })).code).toBe(1);
  });

  it('refuses to apply without --yes when not on a terminal', async () => {
    const res = await runCli(['apply'], { cwd: project.dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--yes');
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir });
    expect(plan.code).toBe(2); // still everything to create
  });
});
