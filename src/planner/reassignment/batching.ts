/**
 * Groups planned moves into batches the reconciler runs one after another.
 *
 * - Moves that copy nothing (leadership-only, shrink-only) form batch 1, kind `instant`: Kafka completes them at
 *   once, so the per-broker and byte limits do not apply to them.
 * - Copy moves are packed first-fit decreasing: sorted by bytes copied (largest first; ties by topic, then
 *   partition), each goes into the first batch where it fits, else opens a new one. It fits when every broker it
 *   touches (its sending leader and its destinations) takes part in fewer than `maxMovesPerBroker` moves of the
 *   batch so far, and the batch's bytes plus its own stay ≤ `maxBytesPerBatch`. A move larger than
 *   `maxBytesPerBatch` therefore gets a batch of its own. Largest-first keeps the long moves together instead of
 *   leaving a tail of batches each dominated by one big move, and makes the result independent of input order.
 * - Bytes in = what a destination receives; bytes out = what the sending leader sends (size × new replicas).
 *   Duration = ceil(max over brokers of max(bytesIn, bytesOut) ÷ throttle) seconds: Kafka's throttle caps each
 *   broker's leader-side and follower-side replication traffic separately.
 */
import { BrokerIndex, grown } from './broker-index.js';
import { compareMoves, isStrictlyOrdered } from './moves.js';
import { packCopyMoves } from './packing.js';
import { computeThrottles } from './throttles.js';
import type { BrokerTraffic, PlannedMove, ReassignmentBatch, ResolvedReassignmentOptions } from './types.js';

/** Brokers a copy move occupies: the leader that sends and the new replicas that receive. */
export function moveParticipants(move: PlannedMove): number[] {
  const out = [move.sourceBroker];
  for (const id of move.added) if (id !== move.sourceBroker) out.push(id);
  return out;
}

/**
 * Per-broker traffic of one batch at a time, in typed arrays by broker slot, reused from batch to batch (~1,000
 * batches on a large cluster: no Map or entry object per broker and batch).
 */
class TrafficTally {
  private readonly brokers = new BrokerIndex();
  private moves = new Int32Array(0);
  private bytesIn = new Float64Array(0);
  private bytesOut = new Float64Array(0);
  /** Slots with traffic in the current batch, in first-seen order. */
  private readonly touched: number[] = [];
  private touchedIds = new Float64Array(0);

  /** The batch's traffic per broker, sorted by broker id; the tally is left empty for the next batch. */
  of(group: readonly PlannedMove[]): BrokerTraffic[] {
    for (const move of group) {
      const source = this.join(move.sourceBroker);
      this.bytesOut[source] += move.bytesCopied;
      for (const id of move.added) {
        const slot = id === move.sourceBroker ? source : this.join(id);
        this.bytesIn[slot] += move.sizeBytes;
      }
    }
    return this.drain();
  }

  /** One more move for the broker (as sender or destination); its slot. */
  private join(id: number): number {
    const slot = this.brokers.slotOf(id);
    if (slot >= this.moves.length) {
      this.moves = grown(this.moves, slot + 1);
      this.bytesIn = grown(this.bytesIn, slot + 1);
      this.bytesOut = grown(this.bytesOut, slot + 1);
    }
    if (this.moves[slot] === 0) this.touched.push(slot);
    this.moves[slot] += 1;
    return slot;
  }

  private drain(): BrokerTraffic[] {
    const count = this.touched.length;
    this.touchedIds = grown(this.touchedIds, count);
    for (let i = 0; i < count; i++) this.touchedIds[i] = this.brokers.ids[this.touched[i]];
    const ids = this.touchedIds.subarray(0, count).sort(); // numeric: a typed array sorts without a comparator
    const out: BrokerTraffic[] = [];
    for (let i = 0; i < count; i++) {
      const slot = this.brokers.find(ids[i]);
      out.push({ brokerId: ids[i], moves: this.moves[slot], bytesIn: this.bytesIn[slot], bytesOut: this.bytesOut[slot] });
      this.moves[slot] = 0;
      this.bytesIn[slot] = 0;
      this.bytesOut[slot] = 0;
    }
    this.touched.length = 0;
    return out;
  }
}

export function batchTraffic(moves: readonly PlannedMove[]): BrokerTraffic[] {
  return new TrafficTally().of(moves);
}

export function batchDuration(traffic: readonly BrokerTraffic[], throttleBytesPerSec: number | null): number | null {
  if (throttleBytesPerSec === null) return null;
  const busiest = traffic.reduce((max, t) => Math.max(max, t.bytesIn, t.bytesOut), 0);
  return Math.ceil(busiest / throttleBytesPerSec);
}

export { packCopyMoves };

/** All batches, in execution order: the instant batch (if any), then copy batches. */
/** The moves that copy nothing (leadership-only, shrink-only) and the copies, each in input order. */
function splitByKind(moves: readonly PlannedMove[]): { instant: PlannedMove[]; copies: PlannedMove[] } {
  const instant: PlannedMove[] = [];
  const copies: PlannedMove[] = [];
  for (let i = 0; i < moves.length; i++) (moves[i].kind === 'copy' ? copies : instant).push(moves[i]);
  return { instant, copies };
}

function totalBytesCopied(moves: readonly PlannedMove[]): number {
  let sum = 0;
  for (let i = 0; i < moves.length; i++) sum += moves[i].bytesCopied;
  return sum;
}

export function buildBatches(moves: readonly PlannedMove[], options: ResolvedReassignmentOptions): ReassignmentBatch[] {
  const batches: ReassignmentBatch[] = [];
  const { instant, copies } = splitByKind(moves);
  if (instant.length > 0) {
    if (!isStrictlyOrdered(instant)) instant.sort(compareMoves);
    batches.push({ index: 1, kind: 'instant', moves: instant, bytes: 0, traffic: [], durationSeconds: 0, throttle: null });
  }
  const throttle = options.throttleBytesPerSec;
  const tally = new TrafficTally();
  for (const group of packCopyMoves(copies, options)) {
    const traffic = tally.of(group);
    batches.push({
      index: batches.length + 1,
      kind: 'copy',
      moves: group,
      bytes: totalBytesCopied(group),
      traffic,
      durationSeconds: batchDuration(traffic, throttle),
      throttle: throttle === null ? null : computeThrottles(group, throttle),
    });
  }
  return batches;
}
