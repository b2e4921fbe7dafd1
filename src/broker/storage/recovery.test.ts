import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLEAN_SHUTDOWN_FILE } from './checkpoint.js';
import { PartitionLog } from './partition-log.js';
import { CLEANED_SUFFIX, CLEANER_SWAP_FILE } from './recovery.js';
import { segmentFileName } from './segment.js';
import { batch, config, makeTempDir, readAll, removeDir } from './testing.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = makeTempDir();
  dir = path.join(root, 'events-0');
});
afterEach(() => removeDir(root));

const NOW = 1_700_000_000_000;

function open(overrides: Parameters<typeof config>[0] = {}): PartitionLog {
  return PartitionLog.open({ dir, config: config(overrides), now: NOW });
}

function produce(log: PartitionLog, from: number, n: number): void {
  for (let i = from; i < from + n; i++) {
    log.append(batch([{ key: `k${i}`, value: `value-${i}`, timestamp: NOW + i }]), { assignOffsets: true, now: NOW });
  }
}

function logFiles(): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
}

/** The file of the last segment and the byte position where batch `offset` starts in it. */
function positionOf(log: PartitionLog, offset: number): number {
  const base = log.segmentSummaries().filter((s) => s.baseOffset <= offset).at(-1)!.baseOffset;
  let pos = 0;
  for (let o = base; o < offset; o++) pos += log.read(o, 1).records.length;
  return pos;
}

describe('recovery after an unclean shutdown', () => {
  it('cuts a segment truncated mid-batch plus appended garbage back to the last whole batch', () => {
    const log = open();
    produce(log, 0, 10);
    const cut = positionOf(log, 9) + 20;
    log.closeWithoutMarker(); // a crash: no clean-shutdown marker, nothing flushed
    const file = path.join(dir, logFiles()[0]);
    fs.truncateSync(file, cut);
    fs.appendFileSync(file, Buffer.from('this is not a record batch at all, just garbage bytes'));

    const reopened = open();
    expect(reopened.logEndOffset).toBe(9);
    expect(readAll(reopened).map((r) => r.value)).toEqual(Array.from({ length: 9 }, (_, i) => `value-${i}`));
    expect(fs.statSync(file).size).toBe(positionOf(reopened, 9 - 1) + reopened.read(8, 1).records.length);
    produce(reopened, 9, 1);
    expect(readAll(reopened).at(-1)).toMatchObject({ offset: 9, value: 'value-9' });
    reopened.close();
  });

  it('never serves a batch whose CRC fails, nor anything after it', () => {
    const log = open();
    produce(log, 0, 6);
    const pos = positionOf(log, 3);
    log.closeWithoutMarker();
    const file = path.join(dir, logFiles()[0]);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, pos + 70); // inside batch 3's records
    fs.closeSync(fd);
    const reopened = open();
    expect(reopened.logEndOffset).toBe(3);
    expect(readAll(reopened).map((r) => r.offset)).toEqual([0, 1, 2]);
    reopened.close();
  });

  it('drops a zero-filled tail (power loss after the file grew)', () => {
    const log = open();
    produce(log, 0, 4);
    log.closeWithoutMarker();
    fs.appendFileSync(path.join(dir, logFiles()[0]), Buffer.alloc(4096));
    const reopened = open();
    expect(reopened.logEndOffset).toBe(4);
    reopened.close();
  });

  it('deletes every segment after a corrupt one', () => {
    const log = open({ segmentBytes: 500 });
    produce(log, 0, 40);
    const segments = log.segmentSummaries();
    expect(segments.length).toBeGreaterThan(3);
    const victim = segments[1];
    log.closeWithoutMarker();
    fs.truncateSync(path.join(dir, segmentFileName(victim.baseOffset, '.log')), 30);
    const reopened = open({ segmentBytes: 500 });
    expect(reopened.logEndOffset).toBe(victim.baseOffset);
    expect(logFiles()).toHaveLength(2);
    expect(readAll(reopened)).toHaveLength(victim.baseOffset);
    reopened.close();
  });

  it('recovers from the recovery point: flushed data stays, the unflushed tail is re-checked', () => {
    const log = open({ segmentBytes: 400 });
    produce(log, 0, 20);
    log.flush(NOW);
    expect(log.recoveryPoint).toBe(20);
    produce(log, 20, 5);
    const cut = positionOf(log, 24) + 5;
    const lastFile = segmentFileName(log.segmentSummaries().at(-1)!.baseOffset, '.log');
    log.closeWithoutMarker();
    fs.truncateSync(path.join(dir, lastFile), cut);
    const reopened = open({ segmentBytes: 400 });
    expect(reopened.logEndOffset).toBe(24);
    expect(reopened.recoveryPoint).toBe(24); // recovered data is fsynced before the recovery point moves
    expect(readAll(reopened)).toHaveLength(24);
    reopened.close();
  });

  it('rebuilds missing or corrupt index files, even after a clean shutdown', () => {
    const log = open({ segmentBytes: 800, indexIntervalBytes: 50 });
    produce(log, 0, 30);
    const before = readAll(log);
    log.close();
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(true);
    const first = segmentFileName(0, '');
    fs.rmSync(path.join(dir, first + '.index'));
    fs.writeFileSync(path.join(dir, first + '.timeindex'), Buffer.from('garbage!!!'));
    const second = fs.readdirSync(dir).filter((n) => n.endsWith('.index')).sort()[0];
    fs.writeFileSync(path.join(dir, second), Buffer.alloc(16, 0x7f)); // sane size, positions beyond the segment
    const reopened = open({ segmentBytes: 800, indexIntervalBytes: 50 });
    expect(fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE))).toBe(false);
    expect(readAll(reopened)).toEqual(before);
    for (let o = 0; o < 30; o += 7) expect(reopened.read(o, 1).records.readBigInt64BE(0)).toBe(BigInt(o));
    expect(reopened.offsetForTimestamp(NOW + 12)).toMatchObject({ offset: 12 });
    reopened.close();
    expect(fs.statSync(path.join(dir, first + '.index')).size % 8).toBe(0);
  });
});

describe('interrupted compaction swaps', () => {
  const compactCfg = { segmentBytes: 400, cleanupPolicyCompact: true, cleanupPolicyDelete: false, minCleanableDirtyRatio: 0 };

  function buildDirty(): void {
    const log = open(compactCfg);
    for (let i = 0; i < 40; i++) {
      log.append(batch([{ key: `k${i % 4}`, value: `v${i}`, timestamp: NOW + i }]), { assignOffsets: true, now: NOW });
    }
    log.close();
  }

  it('completes a swap whose manifest was written, and removes uncommitted cleaner output', () => {
    buildDirty();
    // A compacted twin of the same log, to take the cleaner's output from.
    const twin = path.join(root, 'twin-0');
    fs.cpSync(dir, twin, { recursive: true });
    const before = PartitionLog.open({ dir: twin, config: config(compactCfg), now: NOW });
    const oldBases = before.segmentSummaries().map((s) => s.baseOffset);
    before.updateConfig(config({ ...compactCfg, segmentBytes: 100_000 })); // lets the cleaner merge segments
    const result = before.runCompaction(NOW);
    expect(result?.stats?.segmentsCleaned).toBeGreaterThan(1);
    const newBases = before.segmentSummaries().map((s) => s.baseOffset);
    const expected = readAll(before);
    before.close();
    const cleanedBase = newBases[0];
    const replaced = oldBases.filter((b) => b < newBases[1]);
    expect(replaced.length).toBeGreaterThan(1);

    // Crash state: cleaner output durable as .cleaned, manifest written, old segment 1 already deleted.
    for (const suffix of ['.log', '.index', '.timeindex']) {
      fs.copyFileSync(path.join(twin, segmentFileName(cleanedBase, suffix)), path.join(dir, segmentFileName(cleanedBase, suffix + CLEANED_SUFFIX)));
    }
    fs.writeFileSync(path.join(dir, CLEANER_SWAP_FILE), JSON.stringify({ newBaseOffset: cleanedBase, replacedBaseOffsets: replaced }));
    fs.rmSync(path.join(dir, segmentFileName(replaced[1], '.log')));
    fs.rmSync(path.join(dir, CLEAN_SHUTDOWN_FILE));
    const reopened = open(compactCfg);
    expect(readAll(reopened)).toEqual(expected);
    expect(fs.existsSync(path.join(dir, CLEANER_SWAP_FILE))).toBe(false);
    expect(fs.readdirSync(dir).some((n) => n.endsWith(CLEANED_SUFFIX))).toBe(false);
    reopened.close();

    // Without a manifest, .cleaned files are uncommitted output and are thrown away.
    const stray = path.join(dir, segmentFileName(0, '.log' + CLEANED_SUFFIX));
    fs.writeFileSync(stray, 'partial cleaner output');
    const again = open(compactCfg);
    expect(fs.existsSync(stray)).toBe(false);
    expect(readAll(again)).toEqual(expected);
    again.close();
  });
});
