/**
 * End to end: `topicops rebalance` and the plan formats against the built-in cluster over TCP. The cluster is grown
 * the way a user grows it — restarted on the same data dir with more brokers (`topicops cluster start --brokers 6`) —
 * and the planned moves are checked against what the cluster itself reports.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';

let project: { dir: string; cleanup: () => Promise<void> };
let running: ClusterProcess | undefined;
// Each test runs the CLI several times (each run starts the built-in cluster): room for a busy two-core machine.
const SLOW = { timeout: 150_000 };
beforeEach(async () => {
  project = await tempProject();
  expect((await runCli(['apply', '--yes'], { cwd: project.dir })).code).toBe(0);
}, SLOW.timeout);
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await project.cleanup();
});

const dataDir = () => path.join(project.dir, '.topicops/cluster');
const RACK_OF: Readonly<Record<number, string>> = { 1: 'a', 2: 'b', 3: 'c', 4: 'a', 5: 'b', 6: 'c' };

/** The same data dir, now served by 6 brokers (racks a, b, c, a, b, c), as a separate `topicops cluster start` process. */
async function growTo6Brokers(): Promise<string> {
  running = await startClusterProcess(['--brokers', '6', '--racks', 'a,b,c,a,b,c', '--data-dir', dataDir()], project.dir);
  expect(running.brokers.map((b) => b.id)).toEqual([1, 2, 3, 4, 5, 6]);
  return running.bootstrap;
}

interface KafkaReassignment {
  version: number;
  partitions: { topic: string; partition: number; replicas: number[]; log_dirs: string[] }[];
}

/** What kafka-reassign-partitions.sh's parser requires of the file (ReassignPartitionsCommand.parsePartitionReassignmentData). */
function expectKafkaReassignmentFile(text: string): KafkaReassignment {
  const doc = JSON.parse(text) as KafkaReassignment;
  expect(Object.keys(doc).sort()).toEqual(['partitions', 'version']);
  expect(doc.version).toBe(1);
  expect(Array.isArray(doc.partitions)).toBe(true);
  const seen = new Set<string>();
  for (const p of doc.partitions) {
    expect(Object.keys(p).sort()).toEqual(['log_dirs', 'partition', 'replicas', 'topic']);
    expect(typeof p.topic).toBe('string');
    expect(Number.isInteger(p.partition) && p.partition >= 0).toBe(true);
    expect(p.replicas.length).toBeGreaterThan(0);
    expect(new Set(p.replicas).size).toBe(p.replicas.length);
    expect(p.log_dirs).toEqual(p.replicas.map(() => 'any'));
    expect(seen.has(`${p.topic}-${p.partition}`)).toBe(false);
    seen.add(`${p.topic}-${p.partition}`);
  }
  return doc;
}

describe('topicops rebalance', SLOW, () => {
  it('after brokers are added, plans moves onto the new brokers that balance the cluster and keep the rack rule', async () => {
    const bootstrap = await growTo6Brokers();
    const before = JSON.parse((await runCli(['plan', '--format', 'json', '--bootstrap', bootstrap], { cwd: project.dir })).stdout);
    // plan keeps each topic's own promise (rack-aware: replicas and preferred leaders within ±1 per broker): the topics
    // with two or more replicas or leaders per broker are spread onto the new ones; clickstream.dlq.v1 (1 partition,
    // RF 3) is within ±1 already. The cluster-wide ±1 is rebalance's business.
    expect((before.actions as { kind: string; topic: string; reason: string }[]).map((a) => [a.kind, a.topic, a.reason])).toEqual(
      ['clickstream.v1', 'customers.changes.v1', 'customers.state.v1', 'orders.v1', 'payments.v1'].map((t) => ['reassign-partitions', t, 'placement']),
    );

    const res = await runCli(['rebalance', '--format', 'kafka-reassignment', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(res.code).toBe(0);
    expect(res.stderr).not.toMatch(/Error:/);
    const file = expectKafkaReassignmentFile(res.stdout);
    const targets = file.partitions.flatMap((p) => p.replicas);
    for (const id of [4, 5, 6]) expect(targets).toContain(id);
    expect(Math.max(...targets)).toBeLessThanOrEqual(6);

    // The JSON plan: after its moves every broker is within ±1 replica, and every partition keeps the rack rule.
    const json = JSON.parse((await runCli(['rebalance', '--format', 'json', '--bootstrap', bootstrap], { cwd: project.dir })).stdout);
    const replicas = new Map<number, number>();
    for (const row of json.reassignment.brokers as { brokerId: number; after: { replicas: number } }[]) replicas.set(row.brokerId, row.after.replicas);
    expect([...replicas.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Math.max(...replicas.values()) - Math.min(...replicas.values())).toBeLessThanOrEqual(1);
    for (const action of json.actions as { topic: string; moves: { from: number[]; to: number[] }[] }[]) {
      for (const m of action.moves) {
        expect(new Set(m.to.map((id) => RACK_OF[id])).size).toBe(m.to.length); // 3 racks ≥ RF: one replica per rack
        // The topic's partitions move to exactly the lists of the kafka-reassignment file.
        expect(file.partitions.some((p) => p.topic === action.topic && p.replicas.join() === m.to.join())).toBe(true);
      }
    }
  });

  it('works without a topics directory, prints Markdown with the summary line first, and only plans', async () => {
    const bootstrap = await growTo6Brokers();
    await rm(path.join(project.dir, 'topics'), { recursive: true });
    const md = await runCli(['rebalance', '--format', 'markdown', '--throttle', '50MiB/s', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(md.code).toBe(0);
    const lines = md.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d+ partition moves \(.*at 50 MiB\/s\)$/);
    expect(md.stdout).toContain('```mermaid\nxychart-beta');
    expect(md.stdout).toContain('<summary>Partition moves');

    const detailed = await runCli(['rebalance', '--detailed-exitcode', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(detailed.code).toBe(2);
    expect(detailed.stdout).toMatch(/~ reassign \S+ \(rebalance\): \d+ partitions?/);

    const help = await runCli(['rebalance', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('It only plans: save the plan with --out moves.json and run it with `topicops apply --plan moves.json`');
  });

  it('reads partition sizes through DescribeLogDirs, and moves no more of the larger topic than its own balance needs', async () => {
    const bootstrap = await growTo6Brokers();
    const kafka = new kafkajs.Kafka({ clientId: 'e2e', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const value = 'x'.repeat(1024);
      const messages = Array.from({ length: 240 }, (_, i) => ({ key: `k${i}`, value, partition: i % 24 }));
      await producer.send({ topic: 'clickstream.v1', acks: -1, messages });
    } finally {
      await producer.disconnect();
    }
    const res = await runCli(['rebalance', '--format', 'json', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    const moves = (json.actions as { topic: string; moves: { sizeBytes: number }[] }[]).flatMap((a) => a.moves.map((m) => ({ ...m, topic: a.topic })));
    const rows = json.reassignment.brokers as { brokerId: number; before: { bytes: number } }[];
    // Every replica of clickstream.v1 holds ten 1 KiB records: the before table counts them on the brokers that hold them.
    expect(rows.reduce((sum, r) => sum + r.before.bytes, 0)).toBeGreaterThan(2 * 240 * 1024);
    for (const m of moves) expect(m.sizeBytes > 10 * 1024).toBe(m.topic === 'clickstream.v1');
    // The empty topics' partitions would be enough for the cluster-wide ±1, but clickstream.v1 itself must be spread
    // (48 replicas, 16 on each of brokers 1–3, 8 per broker over six): exactly 24 of its replicas move, no more, and
    // they are the only bytes copied.
    const clickstream = moves.filter((m) => m.topic === 'clickstream.v1') as unknown as { from: number[]; to: number[]; sizeBytes: number }[];
    expect(clickstream.reduce((sum, m) => sum + m.to.filter((id) => !m.from.includes(id)).length, 0)).toBe(24);
    const copied = clickstream.reduce((sum, m) => sum + m.sizeBytes * m.to.filter((id) => !m.from.includes(id)).length, 0);
    expect(json.reassignment.summary.bytes).toBe(copied);
  });

  it('--exclude-brokers plans a decommission that empties the broker', async () => {
    const bootstrap = await growTo6Brokers();
    const res = await runCli(['rebalance', '--no-balance', '--exclude-brokers', '2', '--format', 'json', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.warnings).toEqual([]);
    const row = (json.reassignment.brokers as { brokerId: number; before: { replicas: number }; after: { replicas: number } }[]).find((b) => b.brokerId === 2)!;
    expect(row.before.replicas).toBeGreaterThan(0);
    expect(row.after.replicas).toBe(0);
    for (const a of json.actions) expect(a.reason).toBe('decommission');
  });
});

describe('plan formats and saved plans', SLOW, () => {
  it('plan --format markdown puts the summary line first; kafka-reassignment is an empty Kafka file when nothing moves', async () => {
    const file = path.join(project.dir, 'topics/analytics/clickstream.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/retention\.ms: 2w/, 'retention.ms: 1w'));
    const md = await runCli(['plan', '--format', 'markdown'], { cwd: project.dir });
    expect(md.code).toBe(0);
    expect(md.stdout.split('\n')[0]).toBe('1 to update');
    expect(md.stdout).toContain('~ update clickstream.dlq.v1: retention.ms 1209600000 → 604800000');

    const kr = await runCli(['plan', '--format', 'kafka-reassignment'], { cwd: project.dir });
    expect(kr.code).toBe(0);
    expect(expectKafkaReassignmentFile(kr.stdout).partitions).toEqual([]);
    expect(kr.stderr).toContain('1 topic change(s)');
  });

  it('apply --plan applies an unchanged saved plan and refuses one made before the cluster changed', async () => {
    const file = path.join(project.dir, 'topics/analytics/clickstream.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/retention\.ms: 2w/, 'retention.ms: 1w'));
    const saved = path.join(project.dir, 'plan.json');
    expect((await runCli(['plan', '--out', saved, '--format', 'json'], { cwd: project.dir })).code).toBe(0);
    expect(JSON.parse(await readFile(saved, 'utf8')).clusterFingerprint).toMatch(/^[0-9a-f]{64}$/);
    const stale = path.join(project.dir, 'stale.json');
    await writeFile(stale, await readFile(saved, 'utf8'));

    const ok = await runCli(['apply', '--plan', saved, '--yes'], { cwd: project.dir });
    expect(ok.stderr).not.toMatch(/Error:/);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted.');

    // The same plan again: the cluster changed (by that very apply), so it is refused and nothing is applied.
    const refused = await runCli(['apply', '--plan', stale, '--yes'], { cwd: project.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the cluster changed since the plan was made; run plan again');
    expect(refused.stdout).toBe('');
  });

  it('apply --plan executes a saved rebalance: the moves land, throttles come off, and a saved plan is refused once the cluster changed', async () => {
    const saved = path.join(project.dir, 'rebalance.json');
    const stale = path.join(project.dir, 'stale.json');
    expect((await runCli(['rebalance', '--out', stale], { cwd: project.dir })).code).toBe(0);
    const bootstrap = await growTo6Brokers();
    const planned = await runCli(['rebalance', '--throttle', '50MiB/s', '--format', 'json', '--out', saved, '--bootstrap', bootstrap], { cwd: project.dir });
    expect(planned.code).toBe(0);
    const moves = (JSON.parse(planned.stdout).actions as { kind: string; moves: { topic: string; partition: number; to: number[] }[] }[])
      .flatMap((a) => (a.kind === 'reassign-partitions' ? a.moves : []));
    expect(moves.length).toBeGreaterThan(0);

    const applied = await runCli(['apply', '--plan', saved, '--yes', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(new RegExp(`${moves.length} partitions? moved`));

    // The cluster reports exactly the planned replica lists, with the preferred (first) replica leading.
    const admin = new kafkajs.Kafka({ brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = [...new Set(moves.map((m) => m.topic))];
      const md = await admin.fetchTopicMetadata({ topics });
      for (const m of moves) {
        const p = md.topics.find((t) => t.name === m.topic)!.partitions.find((x) => x.partitionId === m.partition)!;
        expect([m.topic, m.partition, p.replicas, p.leader]).toEqual([m.topic, m.partition, m.to, m.to[0]]);
      }
      // The batch throttles were removed.
      const brokers = await admin.describeConfigs({ includeSynonyms: false, resources: [1, 2, 3, 4, 5, 6].map((b) => ({ type: 4, name: String(b), configNames: ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'] })) });
      for (const r of brokers.resources) expect(r.configEntries.filter((e) => !e.isDefault)).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    // Nothing is left to move, and the plan saved before the cluster grew is refused.
    const again = await runCli(['rebalance', '--format', 'json', '--bootstrap', bootstrap], { cwd: project.dir });
    expect((JSON.parse(again.stdout).actions as { kind: string }[]).filter((a) => a.kind === 'reassign-partitions')).toEqual([]);
    const refused = await runCli(['apply', '--plan', stale, '--yes', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the cluster changed since the plan was made; run plan again');
  });

  it('apply --rebalance previews the moves with --dry-run, then performs them', async () => {
    const bootstrap = await growTo6Brokers();
    const dry = await runCli(['apply', '--rebalance', '--dry-run', '--throttle', '50MiB/s', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Reassignment: \d+ partition moves/);
    expect(dry.stdout).toMatch(/Dry run: apply would make the changes above \(.*\d+ partitions? to be moved\); nothing was changed\./);
    const applied = await runCli(['apply', '--rebalance', '--yes', '--throttle', '50MiB/s', '--bootstrap', bootstrap], { cwd: project.dir });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Apply complete: .*\d+ partitions? moved\./);
    expect((await runCli(['plan', '--rebalance', '--detailed-exitcode', '--bootstrap', bootstrap], { cwd: project.dir })).code).toBe(0);
    // Every topic is within ±1 per broker too, so plain plan (which mends a topic that is not) has nothing to do.
    expect((await runCli(['plan', '--detailed-exitcode', '--bootstrap', bootstrap], { cwd: project.dir })).code).toBe(0);
  });

  it('--strict turns a plan warning into an error (exit 1)', async () => {
    const file = path.join(project.dir, 'topics/commerce/customers.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('name: customers.state.v1\n', 'name: customers.state.v1\npartitions: 8\n'));
    const lenient = await runCli(['plan'], { cwd: project.dir });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/Warning: customers\.state\.v1: partitions 6 → 8/);

    const strict = await runCli(['plan', '--strict', '--format', 'json'], { cwd: project.dir });
    expect(strict.code).toBe(1);
    const json = JSON.parse(strict.stdout);
    expect(json.warnings).toEqual([]);
    expect(json.errors).toEqual([expect.objectContaining({ code: 'keyed-partition-increase', topic: 'customers.state.v1' })]);
    expect((await runCli(['apply', '--yes', '--strict'], { cwd: project.dir })).code).toBe(1);
  });
});
