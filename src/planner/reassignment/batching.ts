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
import { compareMoves } from './moves.js';
import { computeThrottles } from './throttles.js';
import type { BrokerTraffic, PlannedMove, ReassignmentBatch, ResolvedReassignmentOptions } from './types.js';

/** Brokers a copy move occupies: the leader that sends and the new replicas that receive. */
export function moveParticipants(move: PlannedMove): number[] {
  const out = [move.sourceBroker];
  for (const id of move.added) if (id !== move.sourceBroker) out.push(id);
  return out;
}

interface OpenBatch {
  readonly moves: PlannedMove[];
  bytes: number;
  readonly perBroker: Map<number, number>;
}

function fits(batch: OpenBatch, participants: readonly number[], bytesCopied: number, limits: ResolvedReassignmentOptions): boolean {
  if (limits.maxBytesPerBatch !== null && batch.bytes + bytesCopied > limits.maxBytesPerBatch) return false;
  return participants.every((id) => (batch.perBroker.get(id) ?? 0) < limits.maxMovesPerBroker);
}

/**
 * Per broker, the batches where it has no room left (`maxMovesPerBroker` moves), as a bitset: bit (i & 31) of word
 * i >> 5. Batch counts only grow, so a full batch stays full.
 */
type FullBatches = number[];

/** Batch i is now full for the broker. */
function markFull(full: FullBatches, i: number): void {
  while (full.length <= i >>> 5) full.push(0);
  full[i >>> 5] |= 1 << (i & 31);
}

/**
 * The first batch index ≥ `from` where none of the brokers is full (32 batches per step: OR of their words, lowest
 * zero bit); `batches` (a new batch) when none.
 */
function firstWithRoom(sets: readonly FullBatches[], from: number, batches: number): number {
  for (let w = from >>> 5; w << 5 < batches; w++) {
    let full = w === from >>> 5 ? (1 << (from & 31)) - 1 : 0;
    for (const set of sets) if (w < set.length) full |= set[w];
    if (full !== -1) {
      const free = ~full;
      return Math.min(batches, (w << 5) + 31 - Math.clz32(free & -free));
    }
  }
  return batches;
}

/**
 * Copy moves packed into groups (first-fit decreasing); each group sorted by topic, partition.
 * Speed (200,000-partition clusters plan ~20,000 copy moves into ~1,000 batches): instead of trying every batch, the
 * scan ORs the participants' full-batch bitsets 32 batches at a time to find the first batch where all of them have
 * room, then checks the byte limit. Same result as trying the batches one by one.
 */
export function packCopyMoves(moves: readonly PlannedMove[], limits: ResolvedReassignmentOptions): PlannedMove[][] {
  const order = [...moves].sort((a, b) => b.bytesCopied - a.bytesCopied || compareMoves(a, b));
  const open: OpenBatch[] = [];
  const fullFor = new Map<number, FullBatches>();
  const fullOf = (id: number): FullBatches => {
    let full = fullFor.get(id);
    if (full === undefined) fullFor.set(id, (full = []));
    return full;
  };
  for (const move of order) {
    const participants = moveParticipants(move);
    const sets = participants.map(fullOf);
    let i = firstWithRoom(sets, 0, open.length);
    while (i < open.length && !fits(open[i], participants, move.bytesCopied, limits)) i = firstWithRoom(sets, i + 1, open.length);
    if (i === open.length) open.push({ moves: [], bytes: 0, perBroker: new Map() });
    const target = open[i];
    target.moves.push(move);
    target.bytes += move.bytesCopied;
    participants.forEach((id, p) => {
      const count = (target.perBroker.get(id) ?? 0) + 1;
      target.perBroker.set(id, count);
      if (count >= limits.maxMovesPerBroker) markFull(sets[p], i);
    });
  }
  return open.map((b) => b.moves.sort(compareMoves));
}

export function batchTraffic(moves: readonly PlannedMove[]): BrokerTraffic[] {
  const traffic = new Map<number, { moves: number; bytesIn: number; bytesOut: number }>();
  const entry = (id: number) => {
    let t = traffic.get(id);
    if (t === undefined) {
      t = { moves: 0, bytesIn: 0, bytesOut: 0 };
      traffic.set(id, t);
    }
    return t;
  };
  for (const move of moves) {
    for (const id of moveParticipants(move)) entry(id).moves += 1;
    entry(move.sourceBroker).bytesOut += move.bytesCopied;
    for (const id of move.added) entry(id).bytesIn += move.sizeBytes;
  }
  const ids = [...traffic.keys()].sort((a, b) => a - b);
  return ids.map((brokerId) => {
    const t = traffic.get(brokerId)!;
    return { brokerId, moves: t.moves, bytesIn: t.bytesIn, bytesOut: t.bytesOut };
  });
}

export function batchDuration(traffic: readonly BrokerTraffic[], throttleBytesPerSec: number | null): number | null {
  if (throttleBytesPerSec === null) return null;
  const busiest = traffic.reduce((max, t) => Math.max(max, t.bytesIn, t.bytesOut), 0);
  return Math.ceil(busiest / throttleBytesPerSec);
}

/** All batches, in execution order: the instant batch (if any), then copy batches. */
export function buildBatches(moves: readonly PlannedMove[], options: ResolvedReassignmentOptions): ReassignmentBatch[] {
  const batches: ReassignmentBatch[] = [];
  const instant = moves.filter((m) => m.kind !== 'copy').sort(compareMoves);
  if (instant.length > 0) {
    batches.push({ index: 1, kind: 'instant', moves: instant, bytes: 0, traffic: [], durationSeconds: 0, throttle: null });
  }
  const throttle = options.throttleBytesPerSec;
  for (const group of packCopyMoves(
    moves.filter((m) => m.kind === 'copy'),
    options,
  )) {
    const traffic = batchTraffic(group);
    batches.push({
      index: batches.length + 1,
      kind: 'copy',
      moves: group,
      bytes: group.reduce((sum, m) => sum + m.bytesCopied, 0),
      traffic,
      durationSeconds: batchDuration(traffic, throttle),
      throttle: throttle === null ? null : computeThrottles(group, throttle),
    });
  }
  return batches;
}
