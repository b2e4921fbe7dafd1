import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { buildRecordBatch, readBatchHeader } from '../storage/index.js';
import { ProducerState } from './producer-state.js';

function header(producerId: number, producerEpoch: number, baseSequence: number, records = 1) {
  const buf = buildRecordBatch({
    records: Array.from({ length: records }, (_, i) => ({ key: `k${i}`, value: `v${i}`, timestamp: 1 })),
    producerId,
    producerEpoch,
    baseSequence,
  });
  return readBatchHeader(buf, 0);
}

describe('ProducerState', () => {
  it('appends in-order batches and answers a retried batch with its original offsets', () => {
    const s = new ProducerState('t-0');
    const first = header(7, 0, 0, 3);
    expect(s.check(first)).toEqual({ kind: 'append' });
    s.record(first, 100);
    const second = header(7, 0, 3, 2);
    expect(s.check(second)).toEqual({ kind: 'append' });
    s.record(second, 103);
    expect(s.check(header(7, 0, 0, 3))).toEqual({ kind: 'duplicate', firstOffset: 100, lastOffset: 102 });
    expect(s.check(header(7, 0, 3, 2))).toEqual({ kind: 'duplicate', firstOffset: 103, lastOffset: 104 });
  });

  it('refuses a gap with OUT_OF_ORDER_SEQUENCE_NUMBER and an old epoch with INVALID_PRODUCER_EPOCH', () => {
    const s = new ProducerState('t-0');
    s.record(header(7, 1, 0, 2), 0);
    expect(s.check(header(7, 1, 5))).toMatchObject({ kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(s.check(header(7, 0, 2))).toMatchObject({ kind: 'error', code: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(s.check(header(7, 2, 0))).toEqual({ kind: 'append' });
    expect(s.check(header(7, 2, 4))).toMatchObject({ kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });

  it('does not check batches without a producer id, nor producers it has not seen', () => {
    const s = new ProducerState('t-0');
    expect(s.check(header(-1, -1, -1))).toEqual({ kind: 'append' });
    expect(s.check(header(9, 0, 42))).toEqual({ kind: 'append' });
  });
});
