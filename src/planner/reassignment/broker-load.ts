/**
 * Per-broker before/after table: replicas, preferred leaders (first replicas) and bytes held, over every
 * partition of the cluster, before and after all planned moves. A replica's bytes are its partition's size:
 * the move's `sizeBytes` for moved partitions, else the cluster's `sizeBytes` (0 when unknown). Pure.
 */
import type { ClusterState } from '../../model/cluster-state.js';
import { onlineBrokerIds } from './moves.js';
import type { BrokerLoad, BrokerLoadRow, PlannedMove } from './types.js';

interface MutableLoad {
  replicas: number;
  preferredLeaders: number;
  bytes: number;
}

/** One broker's load before and after the moves. */
interface BrokerTally {
  readonly before: MutableLoad;
  readonly after: MutableLoad;
}

/**
 * Loads by broker id: an array slot for the usual small non-negative ids, a map otherwise. A partition that does
 * not move counts on both sides with one lookup per replica.
 */
class LoadTally {
  private readonly dense: (BrokerTally | undefined)[] = [];
  private readonly sparse = new Map<number, BrokerTally>();

  add(replicas: readonly number[], sizeBytes: number, side: 'before' | 'after' | 'both'): void {
    for (let i = 0; i < replicas.length; i++) {
      const tally = this.entry(replicas[i]);
      if (side !== 'after') count(tally.before, i, sizeBytes);
      if (side !== 'before') count(tally.after, i, sizeBytes);
    }
  }

  get(id: number): BrokerTally | undefined {
    return isDenseId(id) ? this.dense[id] : this.sparse.get(id);
  }

  ids(): number[] {
    const out: number[] = [];
    this.dense.forEach((tally, id) => tally !== undefined && out.push(id));
    return out.concat([...this.sparse.keys()]);
  }

  private entry(id: number): BrokerTally {
    let tally = this.get(id);
    if (tally === undefined) {
      tally = { before: { replicas: 0, preferredLeaders: 0, bytes: 0 }, after: { replicas: 0, preferredLeaders: 0, bytes: 0 } };
      if (isDenseId(id)) this.dense[id] = tally;
      else this.sparse.set(id, tally);
    }
    return tally;
  }
}

/** The replica in position `slot` of a partition of `sizeBytes`. */
function count(load: MutableLoad, slot: number, sizeBytes: number): void {
  load.replicas += 1;
  load.bytes += sizeBytes;
  if (slot === 0) load.preferredLeaders += 1;
}

function isDenseId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < 65536;
}

const ZERO: BrokerLoad = { replicas: 0, preferredLeaders: 0, bytes: 0 };

export function brokerLoadTable(state: ClusterState, moves: readonly PlannedMove[]): BrokerLoadRow[] {
  // Moves by topic, then partition: most partitions of a large cluster do not move, and need no lookup key.
  const moved = new Map<string, Map<number, PlannedMove>>();
  for (const m of moves) {
    let byPartition = moved.get(m.topic);
    if (byPartition === undefined) moved.set(m.topic, (byPartition = new Map()));
    byPartition.set(m.partition, m);
  }
  const loads = new LoadTally();
  for (const name of Object.keys(state.topics)) {
    const movedHere = moved.get(name);
    for (const p of state.topics[name].partitions) {
      const move = movedHere?.get(p.partition);
      if (move === undefined) {
        loads.add(p.replicas, p.sizeBytes ?? 0, 'both');
      } else {
        loads.add(p.replicas, move.sizeBytes, 'before');
        loads.add(move.to, move.sizeBytes, 'after');
      }
    }
  }
  const online = onlineBrokerIds(state);
  const racks = new Map(state.brokers.map((b) => [b.id, b.rack]));
  const ids = new Set<number>([...racks.keys(), ...loads.ids()]);
  return [...ids]
    .sort((a, b) => a - b)
    .map((brokerId) => ({
      brokerId,
      rack: racks.get(brokerId) ?? null,
      online: online.has(brokerId),
      before: { ...(loads.get(brokerId)?.before ?? ZERO) },
      after: { ...(loads.get(brokerId)?.after ?? ZERO) },
    }));
}
