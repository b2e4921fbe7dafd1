import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogConfig } from './log-config.js';
import { LogManager, parsePartitionDirName, partitionDirName } from './log-manager.js';
import { batch, config, makeTempDir, readAll, removeDir } from './testing.js';

let root: string;
beforeEach(() => {
  root = makeTempDir();
});
afterEach(() => removeDir(root));

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('LogManager', () => {
  it('names partition directories like Kafka and parses them back', () => {
    expect(partitionDirName('orders.v1', 3)).toBe('orders.v1-3');
    expect(parsePartitionDirName('orders.v1-3')).toEqual({ topic: 'orders.v1', partition: 3 });
    expect(parsePartitionDirName('my-topic-12')).toEqual({ topic: 'my-topic', partition: 12 });
    expect(parsePartitionDirName('lost+found')).toBeNull();
  });

  it('creates, reopens and deletes partition logs', () => {
    const configs: Record<string, LogConfig> = { orders: config(), audit: config() };
    const mgr = LogManager.open({ dir: root, now: T0, configFor: (t) => configs[t] ?? config() });
    const a = mgr.getOrCreate('orders', 0, T0);
    const b = mgr.getOrCreate('orders', 1, T0);
    mgr.getOrCreate('audit', 0, T0);
    expect(mgr.getOrCreate('orders', 0, T0)).toBe(a);
    a.append(batch([{ key: 'k', value: 'v', timestamp: T0 }]), { assignOffsets: true, now: T0 });
    b.append(batch([{ key: 'k', value: 'w', timestamp: T0 }]), { assignOffsets: true, now: T0 });
    mgr.delete('orders', 1);
    expect(mgr.get('orders', 1)).toBeUndefined();
    expect(fs.existsSync(path.join(root, 'orders-1'))).toBe(false);
    mgr.close();

    fs.mkdirSync(path.join(root, 'audit-0.abc123-delete')); // a deletion interrupted by a crash
    fs.mkdirSync(path.join(root, 'not a log'));
    const again = LogManager.open({ dir: root, now: T0, configFor: (t) => configs[t] ?? config() });
    expect(again.all().map((l) => `${l.topic}-${l.partition}`).sort()).toEqual(['audit-0', 'orders-0']);
    expect(readAll(again.get('orders', 0)!).map((r) => r.value)).toEqual(['v']);
    expect(fs.existsSync(path.join(root, 'audit-0.abc123-delete'))).toBe(false);
    again.deleteTopic('audit');
    expect(again.all()).toHaveLength(1);
    again.close();
  });

  it('runs retention and compaction (compact,delete) in one maintenance pass and flushes rolled segments', () => {
    const cfg = config({
      segmentBytes: 400,
      cleanupPolicyCompact: true,
      cleanupPolicyDelete: true,
      retentionMs: 2 * HOUR,
      minCleanableDirtyRatio: 0,
    });
    const mgr = LogManager.open({ dir: root, now: T0, configFor: () => cfg, checkpointIntervalMs: Infinity });
    const log = mgr.getOrCreate('state', 0, T0);
    for (let h = 0; h < 4; h++) {
      for (let i = 0; i < 15; i++) {
        log.append(batch([{ key: `k${i % 3}`, value: `h${h}-${i}`, timestamp: T0 + h * HOUR + i }]), { assignOffsets: true, now: T0 + h * HOUR });
      }
    }
    expect(log.recoveryPoint).toBe(0);
    const report = mgr.runMaintenance(T0 + 4 * HOUR);
    expect(report.retention).toEqual([expect.objectContaining({ topic: 'state', partition: 0 })]);
    expect(report.retention[0].deletedSegments).toBeGreaterThan(0);
    expect(report.compaction).toEqual([expect.objectContaining({ topic: 'state', partition: 0 })]);
    expect(log.logStartOffset).toBeGreaterThan(0);
    // Rolled segments were fsynced: the recovery point reached the active segment.
    expect(log.recoveryPoint).toBe(log.segmentSummaries().at(-1)!.baseOffset);
    const values = readAll(log);
    expect(values.every((r) => r.offset >= log.logStartOffset)).toBe(true);
    mgr.close();
  });
});
