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

/** Loads by broker id: an array slot for the usual small non-negative ids (one read per replica), a map otherwise. */
class LoadTally {
  private readonly dense: (MutableLoad | undefined)[] = [];
  private readonly sparse = new Map<number, MutableLoad>();

  add(replicas: readonly number[], sizeBytes: number): void {
    for (let i = 0; i < replicas.length; i++) {
      const load = this.entry(replicas[i]);
      load.replicas += 1;
      load.bytes += sizeBytes;
      if (i === 0) load.preferredLeaders += 1;
    }
  }

  get(id: number): MutableLoad | undefined {
    return isDenseId(id) ? this.dense[id] : this.sparse.get(id);
  }

  ids(): number[] {
    const out: number[] = [];
    this.dense.forEach((load, id) => load !== undefined && out.push(id));
    return out.concat([...this.sparse.keys()]);
  }

  private entry(id: number): MutableLoad {
    let load = this.get(id);
    if (load === undefined) {
      load = { replicas: 0, preferredLeaders: 0, bytes: 0 };
      if (isDenseId(id)) this.dense[id] = load;
      else this.sparse.set(id, load);
    }
    return load;
  }
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
  const before = new LoadTally();
  const after = new LoadTally();
  for (const name of Object.keys(state.topics)) {
    const movedHere = moved.get(name);
    for (const p of state.topics[name].partitions) {
      const move = movedHere?.get(p.partition);
      const size = move?.sizeBytes ?? p.sizeBytes ?? 0;
      before.add(p.replicas, size);
      after.add(move?.to ?? p.replicas, size);
    }
  }
  const online = onlineBrokerIds(state);
  const racks = new Map(state.brokers.map((b) => [b.id, b.rack]));
  const ids = new Set<number>([...racks.keys(), ...before.ids(), ...after.ids()]);
  return [...ids]
    .sort((a, b) => a - b)
    .map((brokerId) => ({
      brokerId,
      rack: racks.get(brokerId) ?? null,
      online: online.has(brokerId),
      before: { ...(before.get(brokerId) ?? ZERO) },
      after: { ...(after.get(brokerId) ?? ZERO) },
    }));
}
