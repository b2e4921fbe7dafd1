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

function tally(loads: Map<number, MutableLoad>, replicas: readonly number[], sizeBytes: number): void {
  replicas.forEach((id, i) => {
    let load = loads.get(id);
    if (load === undefined) {
      load = { replicas: 0, preferredLeaders: 0, bytes: 0 };
      loads.set(id, load);
    }
    load.replicas += 1;
    load.bytes += sizeBytes;
    if (i === 0) load.preferredLeaders += 1;
  });
}

const ZERO: BrokerLoad = { replicas: 0, preferredLeaders: 0, bytes: 0 };

export function brokerLoadTable(state: ClusterState, moves: readonly PlannedMove[]): BrokerLoadRow[] {
  const moved = new Map(moves.map((m) => [`${m.topic}\u0000${m.partition}`, m]));
  const before = new Map<number, MutableLoad>();
  const after = new Map<number, MutableLoad>();
  for (const [name, topic] of Object.entries(state.topics)) {
    for (const p of topic.partitions) {
      const move = moved.get(`${name}\u0000${p.partition}`);
      const size = move?.sizeBytes ?? p.sizeBytes ?? 0;
      tally(before, p.replicas, size);
      tally(after, move?.to ?? p.replicas, size);
    }
  }
  const online = onlineBrokerIds(state);
  const racks = new Map(state.brokers.map((b) => [b.id, b.rack]));
  const ids = new Set<number>([...racks.keys(), ...before.keys(), ...after.keys()]);
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
