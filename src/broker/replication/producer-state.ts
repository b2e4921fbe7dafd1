/**
 * Idempotent producer state of one partition (Kafka's ProducerStateManager, idempotence only): per producer id
 * the epoch and the last five batches' sequence ranges, so a retried batch is answered with its original offset
 * instead of being written twice, and a gap in sequences is refused with OUT_OF_ORDER_SEQUENCE_NUMBER.
 *
 * Leaders check and record; followers only record (they append what the leader wrote), so a follower that
 * becomes leader knows the producers. The state lives in memory: after a broker restart a producer id the
 * partition has not seen is accepted at any sequence (Kafka would have a snapshot; see api/SKIPPED.md).
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { RecordBatchHeader } from '../storage/index.js';

/** Kafka keeps the metadata of the last 5 batches per producer (max.in.flight.requests.per.connection ≤ 5). */
const BATCHES_KEPT = 5;
const MAX_SEQUENCE = 2147483647;

interface BatchSequences {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: BatchSequences[];
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly firstOffset: number; readonly lastOffset: number }
  | { readonly kind: 'error'; readonly code: number; readonly message: string };

function lastSequenceOf(h: RecordBatchHeader): number {
  const last = h.baseSequence + h.lastOffsetDelta;
  return last > MAX_SEQUENCE ? last - MAX_SEQUENCE - 1 : last;
}

function nextSequence(seq: number): number {
  return seq === MAX_SEQUENCE ? 0 : seq + 1;
}

export class ProducerState {
  private readonly producers = new Map<number, ProducerEntry>();

  constructor(private readonly topicPartition: string) {}

  /** Leader side: what to do with a client batch. Batches without a producer id are always appended. */
  check(h: RecordBatchHeader): SequenceCheck {
    if (h.producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(h.producerId);
    if (!entry) return { kind: 'append' };
    if (h.producerEpoch < entry.epoch) {
      return {
        kind: 'error',
        code: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `Epoch of producer ${h.producerId} at offset ${h.baseOffset} in ${this.topicPartition} is ${h.producerEpoch}, which is smaller than the last seen epoch ${entry.epoch}`,
      };
    }
    if (h.producerEpoch > entry.epoch) {
      if (h.baseSequence === 0) return { kind: 'append' };
      return {
        kind: 'error',
        code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `Invalid sequence number for new epoch of producer ${h.producerId} at offset ${h.baseOffset} in partition ${this.topicPartition}: ${h.producerEpoch} (request epoch), ${h.baseSequence} (seq. number), ${entry.epoch} (current producer epoch)`,
      };
    }
    const last = lastSequenceOf(h);
    const dup = entry.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === last);
    if (dup) return { kind: 'duplicate', firstOffset: dup.firstOffset, lastOffset: dup.lastOffset };
    const lastSeen = entry.batches.at(-1);
    if (lastSeen && h.baseSequence !== nextSequence(lastSeen.lastSeq)) {
      return {
        kind: 'error',
        code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `Out of order sequence number for producer ${h.producerId} at offset ${h.baseOffset} in partition ${this.topicPartition}: ${h.baseSequence} (incoming seq. number), ${lastSeen.lastSeq} (current end sequence number)`,
      };
    }
    return { kind: 'append' };
  }

  /** Records an appended batch (leader and follower alike); `firstOffset` is the offset it was written at. */
  record(h: RecordBatchHeader, firstOffset: number): void {
    if (h.producerId < 0 || h.isControl) return;
    let entry = this.producers.get(h.producerId);
    if (!entry || h.producerEpoch > entry.epoch) {
      entry = { epoch: h.producerEpoch, batches: [] };
      this.producers.set(h.producerId, entry);
    }
    entry.batches.push({ firstSeq: h.baseSequence, lastSeq: lastSequenceOf(h), firstOffset, lastOffset: firstOffset + h.lastOffsetDelta });
    if (entry.batches.length > BATCHES_KEPT) entry.batches.shift();
  }

  /** Forgets everything (the log was truncated below what the state describes). */
  clear(): void {
    this.producers.clear();
  }
}
