import { afterEach, describe, expect, it } from 'vitest';
import { appendFile, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, silentLogger } from '../testing/harness.js';
import { GroupOffsetsFileError, type OffsetEntry } from './offset-log.js';
import { OffsetStore } from './offset-store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('topicops-groups-');
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openStore(dir: string, compactionMinRecords = 1000): Promise<OffsetStore> {
  const s = await OffsetStore.open(dir, silentLogger, compactionMinRecords);
  cleanups.push(() => s.close());
  return s;
}

const entry = (topic: string, partition: number, offset: bigint, metadata = ''): OffsetEntry =>
  ({ topic, partition, offset, leaderEpoch: 3, metadata, commitTimestamp: 1234 });

const file = (dir: string) => join(dir, 'groups', 'offsets.jsonl');

describe('OffsetStore', () => {
  it('creates nothing until the first write', async () => {
    const dir = await tempDir();
    const s = await openStore(dir);
    expect(await readdir(dir)).toEqual([]);
    await s.commit('g', [entry('t', 0, 5n)]);
    expect(await readdir(join(dir, 'groups'))).toEqual(['offsets.jsonl']);
  });

  it('keeps offsets, generations and deletions across a reopen', async () => {
    const dir = await tempDir();
    const s = await openStore(dir);
    await Promise.all([
      s.commit('g1', [entry('t', 0, 5n, 'meta'), entry('t', 1, 9_007_199_254_740_993n)]),
      s.commit('g2', [entry('t', 0, 1n), entry('u', 0, 2n)]),
      s.setMeta('g1', { generationId: 4, protocolType: 'consumer', protocolName: 'range' }),
    ]);
    await s.commit('g1', [entry('t', 0, 6n)]);
    await s.commit('gone', [entry('t', 0, 1n)]);
    await s.deleteGroup('gone');
    await s.deleteTopics(['u']);
    await s.close();

    const again = await openStore(dir);
    expect(again.groupIds()).toEqual(['g1', 'g2']);
    expect(again.offsets('g1')).toEqual([entry('t', 0, 6n), entry('t', 1, 9_007_199_254_740_993n)]);
    expect(again.offset('g1', 't', 0)?.metadata).toBe('');
    expect(again.offsets('g2')).toEqual([entry('t', 0, 1n)]);
    expect(again.meta('g1')).toEqual({ generationId: 4, protocolType: 'consumer', protocolName: 'range' });
    expect(again.meta('g2')).toBeNull();
    expect([...again.committedTopics()]).toEqual(['t']);
    // Reopening compacts: header, then one group record and one offsets record per group.
    expect((await readFile(file(dir), 'utf8')).trim().split('\n')).toHaveLength(4);
  });

  it('applies a change only once it is on disk', async () => {
    const dir = await tempDir();
    const s = await openStore(dir);
    const p = s.commit('g', [entry('t', 0, 1n)]);
    expect(s.offset('g', 't', 0)).toBeUndefined();
    await p;
    expect(s.offset('g', 't', 0)?.offset).toBe(1n);
    expect(await readFile(file(dir), 'utf8')).toContain('"offsets"');
  });

  it('ignores a torn last line (a crash mid-write) but refuses corruption before it', async () => {
    const dir = await tempDir();
    const s = await openStore(dir);
    await s.commit('g', [entry('t', 0, 7n)]);
    await s.close();
    await appendFile(file(dir), '{"type":"offsets","group":"g","offsets":[["t",0,"8"');
    const again = await openStore(dir);
    expect(again.offset('g', 't', 0)?.offset).toBe(7n);
    await again.commit('g', [entry('t', 1, 1n)]);
    await again.close();
    expect((await openStore(dir)).offsets('g')).toHaveLength(2);

    const bad = await tempDir();
    await mkdir(join(bad, 'groups'));
    await writeFile(file(bad), '{"format":"topicops-group-offsets","version":1}\nnot json\n{"type":"delete-group","group":"g"}\n');
    await expect(OffsetStore.open(bad, silentLogger, 1000)).rejects.toThrow(GroupOffsetsFileError);
    await writeFile(file(bad), '{"format":"something-else","version":1}\n');
    await expect(OffsetStore.open(bad, silentLogger, 1000)).rejects.toThrow(/not a topicops-group-offsets file/);
  });

  it('compacts the log once it holds many more entries than live ones', async () => {
    const dir = await tempDir();
    const s = await openStore(dir, 20);
    for (let i = 0; i < 30; i++) await s.commit('g', [entry('t', 0, BigInt(i)), entry('t', 1, BigInt(i))]);
    const lines = (await readFile(file(dir), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(15);
    expect(s.offsets('g').map((o) => o.offset)).toEqual([29n, 29n]);
    await s.close();
    expect((await openStore(dir)).offsets('g').map((o) => o.offset)).toEqual([29n, 29n]);
  });

  it('refuses writes after close', async () => {
    const s = await openStore(await tempDir());
    await s.close();
    await expect(s.commit('g', [entry('t', 0, 1n)])).rejects.toThrow(/closed/);
  });
});
