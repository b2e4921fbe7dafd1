/**
 * Choosing each partition's replica SET as a min-cost flow:
 *
 *   source ─RF→ partition p ─(cap per rack)→ (p, rack) ─1→ broker b ─→ sink
 *
 * Broker → sink: `floor` units free, one more unit through a shared node that admits only `T mod n` such
 * units (so counts end up floor or floor+1: the ±1 balance), and any further unit at OVERFLOW cost (only used
 * when the rack rule makes exact balance impossible). An edge p→b of an existing partition costs MOVE when b
 * does not hold a replica of p yet; below one move, smaller costs prefer keeping p's current leader (KEEP on
 * every other edge of p), moving smaller partitions, and the round-robin order. Min cost = least imbalance first,
 * then fewest moved replicas, then the soft preferences.
 */
import { FlowNetwork } from './min-cost-flow.js';
import type { PlacementInput } from './types.js';

export interface ReplicaSetProblem {
  readonly input: PlacementInput;
  /** Brokers in rotation order (partition p prefers order[(start + p) % n], then the next ones). */
  readonly order: readonly number[];
  readonly start: number;
  /** Rack (group) of each broker, or null when the rack rule does not apply. */
  readonly rackOf: ((broker: number) => string) | null;
}

/** Current replicas of partition p that may stay: eligible brokers, each once. */
export function keptReplicas(input: PlacementInput, p: number, eligible: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const b of input.current[p] ?? []) if (eligible.has(b) && !out.includes(b)) out.push(b);
  return out;
}

/** Preference rank of broker position `pos` for partition p: 0 = first choice. */
export function preference(pos: number, p: number, start: number, n: number): number {
  return (((pos - start - p) % n) + n) % n;
}

function sizeRanks(input: PlacementInput): number[] {
  const ranks = new Array<number>(input.partitions).fill(0);
  const sizes = input.partitionSizes;
  if (!sizes) return ranks;
  const existing = Array.from({ length: input.current.length }, (_, p) => p);
  existing.sort((a, b) => (sizes[a] ?? 0) - (sizes[b] ?? 0) || a - b);
  existing.forEach((p, rank) => (ranks[p] = rank));
  return ranks;
}

/** Replica sets per partition, or a message when RF distinct brokers cannot be found. */
export function solveReplicaSets(problem: ReplicaSetProblem): number[][] | string {
  const { input, order, start, rackOf } = problem;
  const n = order.length;
  const P = input.partitions;
  const rf = input.replicationFactor;
  const T = P * rf;
  const eligible = new Set(order);
  const position = new Map(order.map((b, i) => [b, i]));
  const ranks = sizeRanks(input);
  const racks = rackOf ? [...new Set(order.map(rackOf))] : [];
  // With fewer racks than RF every rack must still get a replica: a second replica in a rack costs SPREAD.
  const spreadLevel = rackOf !== null && racks.length < rf;

  // Cost levels, exact: SPREAD > OVERFLOW > MOVE. Below MOVE the preferences are soft; they are dropped when the
  // exact levels would not fit in 2^53.
  const exactRange = (T + 1) * (T + 1) * (spreadLevel ? T + 1 : 1);
  const soft = 4 * exactRange * (2 * (P + 1) * n + 1) < Number.MAX_SAFE_INTEGER;
  const SIZE = soft ? n : 0;
  const KEEP = soft ? (P + 1) * n : 0;
  const MOVE = soft ? T * (KEEP + P * SIZE + n) + 1 : 1;
  const OVERFLOW = MOVE * (T + 1);
  const SPREAD = OVERFLOW * (T + 1);
  const pref = (b: number, p: number): number => (soft ? preference(position.get(b)!, p, start, n) : 0);

  const net = new FlowNetwork(0);
  const source = net.addNode();
  const sink = net.addNode();
  const extra = net.addNode();
  const extraToSink = net.addEdge(extra, sink, T % n, 0);
  const brokerNode = new Map<number, number>();
  const brokerMain = new Map<number, number>();
  const brokerExtra = new Map<number, number>();
  for (const b of order) {
    const node = net.addNode();
    brokerNode.set(b, node);
    brokerMain.set(b, net.addEdge(node, sink, Math.floor(T / n), 0));
    brokerExtra.set(b, net.addEdge(node, extra, 1, 0));
    net.addEdge(node, sink, T, OVERFLOW);
  }

  const sourceEdge: number[] = [];
  const placeEdges: { broker: number; edge: number; via: number | null; cost: number }[][] = [];
  for (let p = 0; p < P; p++) {
    const pNode = net.addNode();
    sourceEdge.push(net.addEdge(source, pNode, rf, 0));
    const kept = new Set(keptReplicas(input, p, eligible));
    const existing = p < input.current.length;
    const leader = input.current[p]?.[0];
    const rackNode = new Map<string, { node: number; edge: number }>();
    if (rackOf) {
      for (const r of racks) {
        const node = net.addNode();
        rackNode.set(r, { node, edge: net.addEdge(pNode, node, 1, 0) });
        if (spreadLevel) net.addEdge(pNode, node, rf - 1, SPREAD);
      }
    }
    const edges: { broker: number; edge: number; via: number | null; cost: number }[] = [];
    for (const b of order) {
      // An eligible current leader is always kept, so a broker that is not kept is never the leader.
      let cost = pref(b, p);
      if (kept.has(b)) cost = b === leader ? 0 : KEEP;
      else if (existing) cost += MOVE + KEEP + ranks[p] * SIZE;
      const via = rackOf ? rackNode.get(rackOf(b))! : null;
      const edge = net.addEdge(via ? via.node : pNode, brokerNode.get(b)!, 1, cost);
      edges.push({ broker: b, edge, via: via ? via.edge : null, cost });
    }
    placeEdges.push(edges);
  }

  // Seed with the zero-cost edges (kept leaders) within the balanced capacities: a flow made only of zero-cost
  // edges is min-cost for its value, so the shortest-path augmentation may start from it.
  let seeded = 0;
  for (let p = 0; p < P; p++) {
    for (const b of keptReplicas(input, p, eligible)) {
      const e = placeEdges[p].find((x) => x.broker === b)!;
      if (e.cost !== 0) continue;
      if (net.residual(sourceEdge[p]) < 1 || (e.via !== null && net.residual(e.via) < 1)) continue;
      const head = e.via === null ? [sourceEdge[p], e.edge] : [sourceEdge[p], e.via, e.edge];
      const main = brokerMain.get(b)!;
      const spare = brokerExtra.get(b)!;
      if (net.residual(main) >= 1) net.pushPath([...head, main], 1);
      else if (net.residual(spare) >= 1 && net.residual(extraToSink) >= 1) net.pushPath([...head, spare, extraToSink], 1);
      else continue;
      seeded++;
    }
  }
  const total = seeded + net.augment(source, sink, T - seeded);
  if (total < T) {
    return `cannot place ${rf} replicas of each partition of ${input.topic} on distinct brokers${rackOf ? ' in distinct racks' : ''}`;
  }
  return placeEdges.map((edges) => edges.filter((x) => net.flow(x.edge) > 0).map((x) => x.broker));
}
