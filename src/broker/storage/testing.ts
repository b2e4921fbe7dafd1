/** Test helpers for the storage tests (not part of the public API). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_LOG_CONFIG, type LogConfig } from './log-config.js';
import type { PartitionLog } from './partition-log.js';
import { parseRecordBatches } from './record-batch.js';
import { buildRecordBatch, decodeBatchRecords, type BuildRecordBatchOptions, type RecordInput } from './records.js';

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'topicops-storage-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function config(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides };
}

/** A producer-style batch (base offset 0) of the given records. */
export function batch(records: readonly RecordInput[], options: Omit<BuildRecordBatchOptions, 'records'> = {}): Buffer {
  return buildRecordBatch({ ...options, records });
}

/** One record per value, keyed `k<i>` unless keys are given, timestamps from `ts`. */
export function kv(entries: readonly [string | null, string | null][], ts = 1000): RecordInput[] {
  return entries.map(([key, value], i) => ({ key, value, timestamp: ts + i }));
}

export interface SimpleRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly timestamp: number;
}

/** Every record from `from` to the end, following the log like a consumer would. */
export function readAll(log: PartitionLog, from = log.logStartOffset): SimpleRecord[] {
  const out: SimpleRecord[] = [];
  let next = from;
  for (let guard = 0; guard < 100_000 && next < log.logEndOffset; guard++) {
    const { records } = log.read(next, 1024 * 1024);
    if (records.length === 0) break;
    for (const h of parseRecordBatches(records).batches) {
      for (const r of decodeBatchRecords(records.subarray(h.position, h.position + h.sizeInBytes), h)) {
        if (r.offset < next) continue;
        out.push({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp });
      }
      next = h.lastOffset + 1;
    }
  }
  return out;
}
