/**
 * What the log serves must decode with a real client's decoder: kafkajs 2.2.4's Fetch v4+ record decoding
 * (an independent implementation), over plain, gzip, LogAppendTime and compacted batches (delete horizon, empty batch).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.js';
import { parseRecordBatches } from './record-batch.js';
import { batch, config, makeTempDir, readAll, removeDir } from './testing.js';

const require = createRequire(import.meta.url);
interface KafkaJsRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}
type KafkaJsDecoderCtor = new (buf: Buffer) => unknown;
const Decoder = require('kafkajs/src/protocol/decoder') as KafkaJsDecoderCtor;
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages') as (d: unknown) => Promise<KafkaJsRecord[]>;

async function kafkajsDecode(records: Buffer): Promise<KafkaJsRecord[]> {
  const framed = Buffer.alloc(4 + records.length);
  framed.writeInt32BE(records.length, 0);
  records.copy(framed, 4);
  return decodeMessages(new Decoder(framed));
}

let root: string;
beforeEach(() => {
  root = makeTempDir();
});
afterEach(() => removeDir(root));

const T0 = 1_700_000_000_000;

describe('kafkajs reads what the log serves', () => {
  it('decodes plain, gzip and LogAppendTime batches with the assigned offsets', async () => {
    const log = PartitionLog.open({ dir: path.join(root, 't-0'), config: config(), now: T0 });
    log.append(batch([{ key: 'a', value: '1', timestamp: T0, headers: [{ key: 'h', value: 'x' }] }]), { assignOffsets: true, now: T0 });
    log.append(batch([{ key: 'b', value: '2', timestamp: T0 + 1 }, { key: null, value: '3', timestamp: T0 + 2 }], { compression: 'gzip' }), {
      assignOffsets: true,
      now: T0,
    });
    log.updateConfig(config({ messageTimestampType: 'LogAppendTime' }));
    log.append(batch([{ key: 'c', value: '4', timestamp: 5 }]), { assignOffsets: true, now: T0 + 99 });
    const decoded = await kafkajsDecode(log.read(0, 1 << 20).records);
    expect(decoded.map((r) => [r.offset, r.key?.toString() ?? null, r.value?.toString(), r.timestamp])).toEqual([
      ['0', 'a', '1', String(T0)],
      ['1', 'b', '2', String(T0 + 1)],
      ['2', null, '3', String(T0 + 2)],
      ['3', 'c', '4', String(T0 + 99)],
    ]);
    expect(decoded[0].headers.h.toString()).toBe('x');
    log.close();
  });

  it('decodes compacted batches (kept tombstones with a delete horizon, an idempotent producer’s empty batch)', async () => {
    const cfg = config({ segmentBytes: 300, cleanupPolicyCompact: true, cleanupPolicyDelete: false, minCleanableDirtyRatio: 0 });
    const log = PartitionLog.open({ dir: path.join(root, 'c-0'), config: cfg, now: T0 });
    log.append(batch([{ key: 'p', value: 'old', timestamp: T0 }], { producerId: 5, producerEpoch: 0, baseSequence: 0 }), { assignOffsets: true, now: T0 });
    for (let i = 0; i < 12; i++) {
      log.append(batch([{ key: `k${i % 3}`, value: i === 7 ? null : `v${i}`, timestamp: T0 + i }, { key: 'p', value: `new${i}`, timestamp: T0 + i }]), {
        assignOffsets: true,
        now: T0,
      });
    }
    log.runCompaction(T0);
    const ours = readAll(log);
    // Fetch like a consumer: each read serves one segment; the next fetch starts after the last batch served
    // (an empty batch kept for producer state has no records but still advances the position).
    const all: KafkaJsRecord[] = [];
    for (let next = log.logStartOffset, reads = 0; next < log.logEndOffset; reads++) {
      expect(reads).toBeLessThan(100);
      const { records } = log.read(next, 1 << 20);
      const { batches } = parseRecordBatches(records);
      expect(batches.length).toBeGreaterThan(0);
      all.push(...(await kafkajsDecode(records)).filter((r) => Number(r.offset) >= next));
      next = batches[batches.length - 1].lastOffset + 1;
    }
    expect(all.map((r) => [Number(r.offset), r.key?.toString() ?? null, r.value?.toString() ?? null, Number(r.timestamp)])).toEqual(
      ours.map((r) => [r.offset, r.key, r.value, r.timestamp]),
    );
    log.close();
  });
});
