/** kcat (librdkafka) produces to and consumes from the built-in cluster started by `topicops cluster start`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';
import { createTopics, haveKcat, kcat, kcatWithInput, skipWithout } from './clients.js';
import { expectExactlyOnceInOrder, KCAT_FORMAT, keyedRecords, parseKcat, type TestRecord } from './records.js';

const N = 10_000;
const PARTITIONS = 6;

function kcatInput(records: readonly TestRecord[]): string {
  return records.map((r) => `${r.key}\t${r.value}\n`).join('');
}

describe.skipIf(skipWithout(haveKcat(), 'kcat'))('kcat -P / -C / -G against the built-in cluster', () => {
  let cluster: ClusterProcess;
  let data: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    data = await tempDir();
    cluster = await startClusterProcess(['--data-dir', data.dir, '--brokers', '3']);
    const topic = (name: string) => ({ topic: name, numPartitions: PARTITIONS, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    await createTopics(cluster.bootstrap, [topic('kcat.plain'), topic('kcat.gzip'), topic('kcat.group')]);
  });
  afterAll(async () => {
    expect(await cluster?.stop()).toBe(0);
    await data?.cleanup();
  });

  /** The log files of one partition on every broker that holds a replica, as sha256 of their concatenation. */
  async function replicaDigests(topic: string, partition: number): Promise<{ broker: string; bytes: number; sha: string }[]> {
    const out = [];
    for (const broker of (await readdir(data.dir)).filter((d) => d.startsWith('broker-')).sort()) {
      const dir = path.join(data.dir, broker, `${topic}-${partition}`);
      const logs = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.log')).sort();
      if (logs.length === 0) continue;
      const hash = createHash('sha256');
      let bytes = 0;
      for (const log of logs) {
        const content = await readFile(path.join(dir, log));
        bytes += content.length;
        hash.update(content);
      }
      out.push({ broker, bytes, sha: hash.digest('hex') });
    }
    return out;
  }

  async function endOffsets(topic: string): Promise<number[]> {
    // -Q with timestamp -1 is ListOffsets LATEST: the high watermark.
    const args = ['-Q', '-b', cluster.bootstrap];
    for (let p = 0; p < PARTITIONS; p++) args.push('-t', `${topic}:${p}:-1`);
    const out = await kcat(args);
    const offsets = new Array<number>(PARTITIONS).fill(-1);
    for (const m of out.matchAll(/\[(\d+)\]\s+offset\s+(\d+)/g)) offsets[Number(m[1])] = Number(m[2]);
    return offsets;
  }

  const roundTrip = (topic: string, compression: string[]) => async () => {
    const sent = keyedRecords(N, topic);
    await kcatWithInput(['-P', '-b', cluster.bootstrap, '-t', topic, '-K', '\t', '-X', 'acks=all', '-X', 'linger.ms=5', ...compression], kcatInput(sent));

    const consumed = parseKcat(await kcat(['-C', '-b', cluster.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', KCAT_FORMAT]));
    const counts = expectExactlyOnceInOrder(sent, consumed);
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]); // the keys spread over every partition

    const ends = await endOffsets(topic);
    expect(ends).toEqual([0, 1, 2, 3, 4, 5].map((p) => counts.get(p)));

    // acks=all: every replica holds the batches, byte for byte as the leader stored them.
    let total = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const copies = await replicaDigests(topic, p);
      expect(copies).toHaveLength(3);
      expect(new Set(copies.map((c) => c.sha)).size).toBe(1);
      total += copies[0].bytes;
    }
    return total;
  };

  let plainBytes = 0;
  it('round-trips 10,000 keyed records without compression (RF 3, 6 partitions, acks=all)', async () => {
    plainBytes = await roundTrip('kcat.plain', [])();
  });

  it('round-trips 10,000 keyed records compressed with gzip, stored compressed', async () => {
    const gzipBytes = await roundTrip('kcat.gzip', ['-z', 'gzip'])();
    expect(plainBytes).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThan(plainBytes / 3);
  });

  it('kcat -G reads a topic with a group and commits: a second run reads nothing', async () => {
    const args = ['-b', cluster.bootstrap, '-G', 'kcat.reader', '-X', 'auto.offset.reset=earliest', '-e', '-q', '-f', KCAT_FORMAT, 'kcat.plain'];
    const first = parseKcat(await kcat(args));
    expectExactlyOnceInOrder(keyedRecords(N, 'kcat.plain'), first);
    expect(await kcat(args)).toBe('');
  });

  it('two kcat -G members share the partitions and together read every record exactly once', async () => {
    const members = [startMember(), startMember()];
    try {
      // Wait until the group is stable with both members assigned, so no record is read before a rebalance.
      await waitFor(() => {
        const [a, b] = members.map((m) => m.assigned);
        return a.length > 0 && b.length > 0 && a.length + b.length === PARTITIONS && a.every((p) => !b.includes(p));
      }, 20_000, () => members.map((m) => m.stderr).join('\n'));
      const sent = keyedRecords(N, 'kcat.group');
      await kcatWithInput(['-P', '-b', cluster.bootstrap, '-t', 'kcat.group', '-K', '\t', '-X', 'acks=all'], kcatInput(sent));
      await waitFor(() => members.reduce((n, m) => n + m.lines(), 0) >= N, 20_000, () => 'records');
      await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up
      const consumed = members.map((m) => parseKcat(m.stdout));
      expectExactlyOnceInOrder(sent, consumed.flat());
      for (const [i, m] of members.entries()) {
        expect(consumed[i].length).toBeGreaterThan(0);
        expect([...new Set(consumed[i].map((r) => r.partition))].sort()).toEqual([...m.assigned].sort());
      }
    } finally {
      await Promise.all(members.map((m) => m.stop()));
    }
    // Both members committed on the way out: the group resumes at the end.
    const again = await kcat(['-b', cluster.bootstrap, '-G', 'kcat.sharers', '-X', 'auto.offset.reset=earliest', '-e', '-q', '-f', KCAT_FORMAT, 'kcat.group']);
    expect(again).toBe('');
  });

  function startMember() {
    const child: ChildProcess = spawn('kcat', ['-b', cluster.bootstrap, '-G', 'kcat.sharers', '-u', '-X', 'auto.offset.reset=earliest', '-f', KCAT_FORMAT, 'kcat.group'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const member = {
      stdout: '',
      stderr: '',
      /** Partitions of the latest assignment kcat reported on stderr. */
      assigned: [] as number[],
      lines: () => member.stdout.split('\n').length - 1,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.on('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
    child.stdout!.on('data', (d) => (member.stdout += d));
    child.stderr!.on('data', (d) => {
      member.stderr += d;
      const all = [...member.stderr.matchAll(/rebalanced \(memberid [^)]*\): (assigned|revoked): ([^\n]*)/g)];
      const last = all.at(-1);
      member.assigned = last?.[1] === 'assigned' ? [...last[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])) : [];
    });
    return member;
  }
});

async function waitFor(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
