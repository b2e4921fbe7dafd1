import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ApiKey } from '../protocol/api-keys.js';
import type { MetadataResponse } from '../protocol/generated/MetadataResponse.js';
import { BrokerCountError, DataDirLockedError, MetadataFileError, startBuiltInCluster } from './index.js';
import type { PersistedMetadata } from './model/types.js';
import { makeTempDir, silentLogger, startHarness } from './testing/harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function readMetadata(dir: string): Promise<PersistedMetadata> {
  return JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as PersistedMetadata;
}

describe('persistence', () => {
  it('keeps cluster id, topics, topic ids and configs across a restart', async () => {
    const dataDir = await tempDir();
    const first = await startHarness({ dataDir, brokers: 3, racks: ['r1', 'r2'] });
    const admin = await first.admin();
    await admin.createTopics({ topics: [{ topic: 'kept', numPartitions: 4, replicationFactor: 2, configEntries: [{ name: 'retention.ms', value: '5000' }] }] });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 4, name: '1', configEntries: [{ name: 'follower.replication.throttled.rate', value: '100' }] }] });
    const before = await readMetadata(dataDir);
    await first.stop();
    // Metadata, and one log directory per broker; the lock is gone.
    expect((await readdir(dataDir)).sort()).toEqual(['broker-1', 'broker-2', 'broker-3', 'metadata.json']);

    const second = await startHarness({ dataDir });
    cleanups.push(() => second.stop());
    expect(second.cluster.clusterId).toBe(first.cluster.clusterId);
    expect(second.cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(second.cluster.brokers.map((b) => [b.id, b.rack])).toEqual([[1, 'r1'], [2, 'r2'], [3, 'r1']]);
    const after = await readMetadata(dataDir);
    expect(after.topics).toEqual(before.topics);
    expect(after.topics[0].topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(after.configs).toEqual({ topics: { kept: { 'retention.ms': '5000' } }, brokers: { 1: { 'follower.replication.throttled.rate': '100' } } });
    const admin2 = await second.admin();
    const { resources } = await admin2.describeConfigs({ resources: [{ type: 2, name: 'kept', configNames: ['retention.ms'] }], includeSynonyms: false });
    expect(resources[0].configEntries[0].configValue).toBe('5000');
    const md = await admin2.fetchTopicMetadata({ topics: ['kept'] });
    expect(md.topics[0].partitions).toHaveLength(4);
  });

  it('writes metadata.json after every change', async () => {
    const h = await startHarness({ brokers: 1 });
    cleanups.push(() => h.stop());
    const p = await h.protocol();
    await p.request(ApiKey.CreateTopics, { topics: [{ name: 't', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 });
    expect((await readMetadata(h.dataDir)).topics.map((t) => t.name)).toEqual(['t']);
    await p.request(ApiKey.DeleteTopics, { topicNames: ['t'], timeoutMs: 1000 });
    expect((await readMetadata(h.dataDir)).topics).toEqual([]);
  });

  it('adds brokers on restart, refuses fewer, and applies new racks', async () => {
    const dataDir = await tempDir();
    await (await startBuiltInCluster({ dataDir, brokers: 2, logger: silentLogger })).stop();
    await expect(startBuiltInCluster({ dataDir, brokers: 1, logger: silentLogger })).rejects.toThrow(BrokerCountError);
    const grown = await startBuiltInCluster({ dataDir, brokers: 4, racks: ['x', 'y'], logger: silentLogger });
    cleanups.push(() => grown.stop());
    expect(grown.brokers.map((b) => [b.id, b.rack])).toEqual([[1, 'x'], [2, 'y'], [3, 'x'], [4, 'y']]);
    expect(grown.bootstrap.split(',')).toHaveLength(4);
  });

  it('refuses an unreadable metadata.json and releases the lock', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, 'metadata.json'), '{"format": "something-else"}');
    await expect(startBuiltInCluster({ dataDir, logger: silentLogger })).rejects.toThrow(MetadataFileError);
    expect(await readdir(dataDir)).toEqual(['metadata.json']);
  });

  it('listens on consecutive ports when a first port is given', async () => {
    const dataDir = await tempDir();
    const probe = await startBuiltInCluster({ dataDir, brokers: 1, logger: silentLogger });
    const base = probe.brokers[0].port;
    await probe.stop();
    const c = await startBuiltInCluster({ dataDir, brokers: 2, port: base, logger: silentLogger }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') return null; // another process took one of the ports in between
      throw e;
    });
    if (c === null) return;
    cleanups.push(() => c.stop());
    expect(c.brokers.map((b) => b.port)).toEqual([base, base + 1]);
  });
});

describe('data-dir lock', () => {
  it('refuses a second start in the same process', async () => {
    const h = await startHarness({ brokers: 1 });
    cleanups.push(() => h.stop());
    const err = await startBuiltInCluster({ dataDir: h.dataDir, logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as DataDirLockedError).pid).toBe(process.pid);
    expect((err as Error).message).toBe(
      `data dir ${h.dataDir} is in use by process ${process.pid} (a running topicops cluster?). ` +
        `Stop it, or point topicops at it with --bootstrap ${h.cluster.bootstrap}`,
    );
    // The failed attempt did not disturb the running cluster.
    const p = await h.protocol();
    expect((await p.request<MetadataResponse>(ApiKey.Metadata, { topics: [] })).body.brokers).toHaveLength(1);
  });

  it('names another live process holding the dir, and takes over once it is killed -9', async () => {
    const dataDir = await tempDir();
    const child = await startClusterInChild(dataDir);
    cleanups.push(async () => {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    });
    const err = await startBuiltInCluster({ dataDir, logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as DataDirLockedError).pid).toBe(child.pid);
    expect((err as Error).message).toContain(`in use by process ${child.pid}`);
    expect((err as Error).message).toContain(`--bootstrap ${child.bootstrap}`);

    child.process.kill('SIGKILL');
    await once(child.process, 'exit');
    const taken = await startBuiltInCluster({ dataDir, logger: silentLogger });
    cleanups.push(() => taken.stop());
    expect(taken.clusterId).toBe(child.clusterId);
    expect((await readFile(join(dataDir, 'topicops.lock'), 'utf8')).split('\n')[0]).toBe(String(process.pid));
  });
});

interface ChildCluster {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly bootstrap: string;
  readonly clusterId: string;
}

/** Starts a cluster in a separate Node process (via tsx) and waits for it to report its address. */
async function startClusterInChild(dataDir: string): Promise<ChildCluster> {
  const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
  const script = join(dataDir, '..', `child-${process.pid}-${Date.now()}.mts`);
  await writeFile(
    script,
    `import { startBuiltInCluster } from ${JSON.stringify(entry)};\n` +
      `const c = await startBuiltInCluster({ dataDir: process.argv[2], brokers: 1 });\n` +
      `console.log(JSON.stringify({ pid: process.pid, bootstrap: c.bootstrap, clusterId: c.clusterId }));\n` +
      `setInterval(() => {}, 60_000);\n`,
  );
  cleanups.push(() => rm(script, { force: true }));
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    once(child, 'exit').then(([code]) => {
      throw new Error(`child exited with ${String(code)} before starting`);
    }),
  ]);
  const info = JSON.parse(first) as { pid: number; bootstrap: string; clusterId: string };
  return { process: child, ...info };
}
