/** Property tests: a crash anywhere leaves a prefix of the log; random operation sequences match a simple model. */
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.js';
import { RECORD_BATCH_OVERHEAD, parseRecordBatches, type RecordBatchHeader } from './record-batch.js';
import { segmentFileName } from './segment.js';
import { batch, config, makeTempDir, readAll, removeDir, type SimpleRecord } from './testing.js';

let root: string;
beforeEach(() => {
  root = makeTempDir();
});
afterEach(() => removeDir(root));

const NOW = 1_700_000_000_000;
let counter = 0;

function freshDir(): string {
  return path.join(root, `p-${counter++}`);
}

/** Whole batches at the start of `buf` that parse, pass their CRC and have increasing offsets (independent of recovery.ts). */
function validPrefix(buf: Buffer): { batches: RecordBatchHeader[]; validBytes: number } {
  const batches: RecordBatchHeader[] = [];
  let pos = 0;
  while (buf.length - pos >= RECORD_BATCH_OVERHEAD) {
    const size = buf.readInt32BE(pos + 8) + 12;
    if (size < RECORD_BATCH_OVERHEAD || pos + size > buf.length) break;
    let h: RecordBatchHeader;
    try {
      h = parseRecordBatches(buf.subarray(pos, pos + size)).batches[0];
    } catch {
      break; // the first bad batch ends the valid prefix
    }
    if (batches.length > 0 && h.baseOffset <= batches[batches.length - 1].lastOffset) break;
    batches.push(h);
    pos += size;
  }
  return { batches, validBytes: pos };
}

describe('storage properties', () => {
  it('after a crash that tears any segment at any byte (plus garbage), only whole verified batches are served', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 200, max: 1500 }),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.uint8Array({ maxLength: 80 }),
        (sizes, segmentBytes, indexIntervalBytes, whichSegment, where, garbage) => {
          const dir = freshDir();
          const cfg = config({ segmentBytes, indexIntervalBytes });
          const log = PartitionLog.open({ dir, config: cfg, now: NOW });
          sizes.forEach((n, b) => {
            const recs = Array.from({ length: n }, (_, i) => ({ key: `k${b}-${i}`, value: `v${b}-${i}`, timestamp: NOW + b }));
            log.append(batch(recs), { assignOffsets: true, now: NOW });
          });
          const written = readAll(log);
          const leo = log.logEndOffset;
          const segments = log.segmentSummaries();
          log.closeWithoutMarker();

          const index = Math.min(segments.length - 1, Math.floor(whichSegment * segments.length));
          const victim = segments[index];
          const file = path.join(dir, segmentFileName(victim.baseOffset, '.log'));
          const cut = Math.floor(where * victim.sizeBytes);
          fs.truncateSync(file, cut);
          fs.appendFileSync(file, garbage);
          const content = fs.readFileSync(file);
          const { batches: whole, validBytes } = validPrefix(content);
          const victimEnd = whole.length > 0 ? whole[whole.length - 1].lastOffset + 1 : victim.baseOffset;
          // Bytes to cut (a partial batch or garbage) mean a corrupt tail: every later segment goes too (as in Kafka).
          // A segment that merely lost whole batches at its end (only possible with power loss) leaves a gap.
          const laterKept = validBytes === content.length && index < segments.length - 1;
          const nextBase = segments[index + 1]?.baseOffset ?? Infinity;

          const reopened = PartitionLog.open({ dir, config: cfg, now: NOW });
          const expectedEnd = laterKept ? leo : victimEnd;
          expect(reopened.logEndOffset).toBe(expectedEnd);
          expect(readAll(reopened)).toEqual(written.filter((r) => r.offset < victimEnd || (laterKept && r.offset >= nextBase)));
          expect(reopened.append(batch([{ key: 'after', value: 'crash' }]), { assignOffsets: true, now: NOW }).baseOffset).toBe(expectedEnd);
          reopened.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  type Op =
    | { kind: 'append'; n: number }
    | { kind: 'truncate'; at: number }
    | { kind: 'deleteRecords'; at: number }
    | { kind: 'reopen'; clean: boolean };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 5 }).map((n): Op => ({ kind: 'append', n })) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at): Op => ({ kind: 'truncate', at })) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at): Op => ({ kind: 'deleteRecords', at })) },
    { weight: 1, arbitrary: fc.boolean().map((clean): Op => ({ kind: 'reopen', clean })) },
  );

  it('matches a model under random appends, truncations, DeleteRecords and (un)clean reopens', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 150, max: 900 }), (ops, segmentBytes) => {
        const dir = freshDir();
        const cfg = config({ segmentBytes, indexIntervalBytes: 64 });
        let log = PartitionLog.open({ dir, config: cfg, now: NOW });
        let model: SimpleRecord[] = [];
        let boundaries: number[] = [0]; // batch start offsets, plus the end
        let logStart = 0;
        let seq = 0;
        for (const op of ops) {
          if (op.kind === 'append') {
            const base = log.logEndOffset;
            const recs = Array.from({ length: op.n }, (_, i) => ({ key: `k${seq}`, value: `v${seq++}`, timestamp: NOW + i }));
            log.append(batch(recs), { assignOffsets: true, now: NOW });
            recs.forEach((r, i) => model.push({ offset: base + i, key: r.key, value: r.value, timestamp: r.timestamp }));
            boundaries.push(base + op.n);
          } else if (op.kind === 'truncate') {
            const eligible = boundaries.filter((b) => b >= logStart);
            const at = eligible[Math.floor(op.at * eligible.length)] ?? logStart;
            log.truncateTo(at, NOW);
            model = model.filter((r) => r.offset < at);
            boundaries = boundaries.filter((b) => b <= at);
            if (boundaries.at(-1) !== at) boundaries.push(at);
          } else if (op.kind === 'deleteRecords') {
            const at = Math.min(log.logEndOffset, logStart + Math.floor(op.at * (log.logEndOffset - logStart + 1)));
            log.deleteRecordsBefore(at);
            logStart = Math.max(logStart, at);
          } else {
            if (op.clean) log.close();
            else log.closeWithoutMarker();
            log = PartitionLog.open({ dir, config: cfg, now: NOW });
          }
          const end = model.length > 0 ? model[model.length - 1].offset + 1 : (boundaries.at(-1) ?? 0);
          expect(log.logEndOffset).toBe(Math.max(end, logStart));
          expect(log.logStartOffset).toBe(logStart);
          expect(readAll(log)).toEqual(model.filter((r) => r.offset >= logStart));
        }
        log.close();
      }),
      { numRuns: 40 },
    );
  });
  it('compaction never changes what a consumer reading from the start concludes, nor any served record', () => {
    type CompactOp = { kind: 'put'; key: number; tombstone: boolean } | { kind: 'compact'; advance: number };
    const op: fc.Arbitrary<CompactOp> = fc.oneof(
      { weight: 8, arbitrary: fc.record({ kind: fc.constant('put' as const), key: fc.integer({ min: 0, max: 6 }), tombstone: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), advance: fc.integer({ min: 0, max: 3 }) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.integer({ min: 150, max: 600 }), fc.boolean(), (ops, segmentBytes, gzip) => {
        const dir = freshDir();
        const cfg = config({ segmentBytes, cleanupPolicyCompact: true, cleanupPolicyDelete: false, minCleanableDirtyRatio: 0, deleteRetentionMs: 2 });
        const log = PartitionLog.open({ dir, config: cfg, now: NOW });
        const written = new Map<number, SimpleRecord>();
        const latest = new Map<string, string | null>();
        let now = NOW;
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'put') {
            const key = `k${o.key}`;
            const value = o.tombstone ? null : `v${seq++}`;
            const offset = log.append(batch([{ key, value, timestamp: now }], { compression: gzip ? 'gzip' : 'none' }), { assignOffsets: true, now }).baseOffset;
            written.set(offset, { offset, key, value, timestamp: now });
            latest.set(key, value);
            continue;
          }
          now += o.advance;
          log.runCompaction(now);
          const served = readAll(log);
          for (const r of served) expect(r).toEqual(written.get(r.offset));
          expect(served.map((r) => r.offset)).toEqual([...served.map((r) => r.offset)].sort((a, b) => a - b));
          const view = new Map<string, string | null>();
          for (const r of served) view.set(r.key!, r.value);
          for (const [key, value] of latest) {
            if (value === null) expect(view.get(key) ?? null).toBeNull();
            else expect(view.get(key)).toBe(value);
          }
          // The active segment is never touched.
          const activeBase = log.segmentSummaries().at(-1)!.baseOffset;
          expect(served.filter((r) => r.offset >= activeBase).length).toBe([...written.keys()].filter((off) => off >= activeBase).length);
        }
        log.close();
      }),
      { numRuns: 40 },
    );
  });
});
