import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { lockDataDir, DataDirLockedError, isProcessAlive } from './lock.js';
import { ClusterModel } from './model/cluster-model.js';
import { randomKafkaUuid, kafkaUuidToHex } from './model/uuid.js';
import { loadMetadata, MetadataPersister, writeFileAtomic } from './persistence.js';
import { makeTempDir, silentLogger } from './testing/harness.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function dir(): Promise<string> {
  const d = await makeTempDir();
  dirs.push(d);
  return d;
}

describe('metadata persistence', () => {
  it('writes atomically and leaves no temp file', async () => {
    const d = await dir();
    await writeFileAtomic(join(d, 'f.json'), '{"a":1}');
    await writeFileAtomic(join(d, 'f.json'), '{"a":2}');
    expect(await readdir(d)).toEqual(['f.json']);
    expect(await readFile(join(d, 'f.json'), 'utf8')).toBe('{"a":2}');
  });

  it('coalesces writes and round-trips the model', async () => {
    const d = await dir();
    const model = ClusterModel.empty([{ id: 1, rack: null }]);
    const persister = new MetadataPersister(d, () => model.snapshot(), silentLogger);
    model.onChange(() => persister.schedule());
    for (let i = 0; i < 20; i++) model.createTopic(`t${i}`, [[1]], i % 2 ? { 'retention.ms': String(i) } : {});
    await persister.whenWritten();
    const loaded = await loadMetadata(d);
    expect(loaded).toEqual(model.snapshot());
    expect(new ClusterModel(loaded!).snapshot()).toEqual(model.snapshot());
  });

  it('returns null for a new dir', async () => {
    expect(await loadMetadata(await dir())).toBeNull();
  });
});

describe('data-dir lock', () => {
  it('takes over a lock left by a dead process', async () => {
    const d = await dir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    expect(isProcessAlive(dead)).toBe(false);
    await writeFile(join(d, 'topicops.lock'), `${dead}\n127.0.0.1:1\n`);
    const lock = await lockDataDir(d);
    expect((await readFile(join(d, 'topicops.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await lock.release();
    expect(await readdir(d)).toEqual([]);
  });

  it('refuses a dir opened twice in this process until released', async () => {
    const d = await dir();
    const lock = await lockDataDir(d);
    await expect(lockDataDir(d)).rejects.toBeInstanceOf(DataDirLockedError);
    await lock.release();
    await (await lockDataDir(d)).release();
  });
});

describe('uuids', () => {
  it('are 22-char base64url that never start with "-"', () => {
    let n = 0;
    const id = randomKafkaUuid(() => (n++ === 0 ? Buffer.alloc(16, 0xfb) : Buffer.alloc(16, 1)));
    expect(id).toBe('AQEBAQEBAQEBAQEBAQEBAQ');
    expect(kafkaUuidToHex(id)).toBe('01010101-0101-0101-0101-010101010101');
    expect(randomKafkaUuid()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
