/**
 * First-fit decreasing packing of copy moves into batches (the rules are in batching.ts).
 *
 * Speed (200,000-partition clusters plan ~20,000 copy moves into ~1,000 batches):
 * - each move's participants are listed once as broker slots in one flat Int32Array (no array per move);
 * - moves per (batch, broker) live in one flat Int32Array, and per broker a bitset marks the batches where it has no
 *   room left: the scan ORs the participants' bitsets 32 batches at a time to find the first batch where all of them
 *   have room, then checks the byte limit. Same result as trying the batches one by one;
 * - the largest-first order is a numeric sort of packed keys rather than a sort with a comparator.
 */
import { BrokerIndex, grown } from './broker-index.js';
import { compareMoves, isStrictlyOrdered } from './moves.js';
import type { PlannedMove, ResolvedReassignmentOptions } from './types.js';

/**
 * The moves sorted by topic, then partition; equal ones by bytes copied (largest first), then input order. That is
 * the order of each batch's moves, and the tie-break of the largest-first order. analyseMoves' output already is.
 */
function canonicalOrder(moves: readonly PlannedMove[]): readonly PlannedMove[] {
  if (isStrictlyOrdered(moves)) return moves;
  return [...moves].sort((a, b) => compareMoves(a, b) || b.bytesCopied - a.bytesCopied);
}

/**
 * Positions in `moves` (canonical order), largest bytes copied first, ties by position. When every key
 * (largest − bytes) × n + position is an exact integer, a plain numeric sort of those keys does it.
 */
function largestFirst(moves: readonly PlannedMove[]): Uint32Array {
  const n = moves.length;
  let largest = 0;
  let integral = true;
  for (const m of moves) {
    largest = Math.max(largest, m.bytesCopied);
    integral &&= Number.isSafeInteger(m.bytesCopied) && m.bytesCopied >= 0;
  }
  const order = new Uint32Array(n);
  if (!integral || (largest + 1) * n > Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => moves[b].bytesCopied - moves[a].bytesCopied || a - b);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (largest - moves[i].bytesCopied) * n + i;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i] % n;
  return order;
}

/** Each move's participants (sending leader, then destinations other than it) as broker slots, in one flat array. */
class ParticipantTable {
  readonly brokers = new BrokerIndex();
  /** Move i's slots are slots[start[i]] … slots[start[i + 1] − 1]. */
  readonly start: Int32Array;
  slots = new Int32Array(0);

  constructor(moves: readonly PlannedMove[]) {
    this.start = new Int32Array(moves.length + 1);
    let used = 0;
    for (let i = 0; i < moves.length; i++) {
      const move = moves[i];
      this.slots = grown(this.slots, used + 1 + move.added.length);
      this.slots[used++] = this.brokers.slotOf(move.sourceBroker);
      for (const id of move.added) if (id !== move.sourceBroker) this.slots[used++] = this.brokers.slotOf(id);
      this.start[i + 1] = used;
    }
  }
}

/** Batches being filled: bytes per batch, moves per (batch, broker), and per broker the batches it has filled. */
class OpenBatches {
  count = 0;
  private bytes = new Float64Array(0);
  /** Moves of broker slot s in batch b: movesPerBroker[b × brokerCount + s]. */
  private movesPerBroker = new Int32Array(0);
  /** Per broker slot, a bitset of the batches where it has no room left: bit (b & 31) of word b >> 5. */
  private readonly full: Int32Array[];

  constructor(
    private readonly brokerCount: number,
    private readonly limits: ResolvedReassignmentOptions,
  ) {
    this.full = Array.from({ length: brokerCount }, () => new Int32Array(0));
  }

  /** The first batch the move fits in (possibly a new one), with the move added to it. */
  place(slots: Int32Array, from: number, to: number, bytesCopied: number): number {
    let b = this.firstWithRoom(slots, from, to, 0);
    while (b < this.count && !this.bytesFit(b, bytesCopied)) b = this.firstWithRoom(slots, from, to, b + 1);
    if (b === this.count) this.open();
    this.bytes[b] += bytesCopied;
    for (let p = from; p < to; p++) {
      const cell = b * this.brokerCount + slots[p];
      this.movesPerBroker[cell] += 1;
      if (this.movesPerBroker[cell] >= this.limits.maxMovesPerBroker) this.markFull(slots[p], b);
    }
    return b;
  }

  private bytesFit(b: number, bytesCopied: number): boolean {
    const max = this.limits.maxBytesPerBatch;
    return max === null || this.bytes[b] + bytesCopied <= max;
  }

  /**
   * The first batch ≥ `first` where none of the brokers slots[from, to) is full (32 batches per step: OR of their
   * words, lowest zero bit); `count` (a new batch) when none.
   */
  private firstWithRoom(slots: Int32Array, from: number, to: number, first: number): number {
    for (let w = first >>> 5; w << 5 < this.count; w++) {
      let taken = w === first >>> 5 ? (1 << (first & 31)) - 1 : 0;
      for (let p = from; p < to; p++) {
        const words = this.full[slots[p]];
        if (w < words.length) taken |= words[w];
      }
      if (taken !== -1) {
        const free = ~taken;
        return Math.min(this.count, (w << 5) + 31 - Math.clz32(free & -free));
      }
    }
    return this.count;
  }

  private markFull(slot: number, b: number): void {
    const words = (this.full[slot] = grown(this.full[slot], (b >>> 5) + 1));
    words[b >>> 5] |= 1 << (b & 31);
  }

  private open(): void {
    this.count++;
    this.bytes = grown(this.bytes, this.count);
    this.movesPerBroker = grown(this.movesPerBroker, this.count * this.brokerCount);
  }
}

/** Copy moves packed into groups (first-fit decreasing); each group sorted by topic, partition. */
export function packCopyMoves(moves: readonly PlannedMove[], limits: ResolvedReassignmentOptions): PlannedMove[][] {
  const ordered = canonicalOrder(moves);
  const participants = new ParticipantTable(ordered);
  const batches = new OpenBatches(participants.brokers.size, limits);
  const { start, slots } = participants;
  const order = largestFirst(ordered);
  const batchOf = new Int32Array(ordered.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    batchOf[i] = batches.place(slots, start[i], start[i + 1], ordered[i].bytesCopied);
  }
  // Filled in canonical order, so each group comes out sorted.
  const groups = Array.from({ length: batches.count }, (): PlannedMove[] => []);
  for (let i = 0; i < ordered.length; i++) groups[batchOf[i]].push(ordered[i]);
  return groups;
}
