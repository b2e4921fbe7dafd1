/**
 * Choosing each partition's preferred leader among its replica set, as a min-cost flow: leader counts
 * within ±1 over the eligible brokers when possible, keeping current leaders first, then round-robin preference.
 */
import { FlowNetwork } from './min-cost-flow.js';
import { preference } from './replica-sets.js';
import type { PlacementInput } from './types.js';

export function solveLeaders(input: PlacementInput, sets: readonly (readonly number[])[], order: readonly number[], start: number): number[] {
  const n = order.length;
  const P = sets.length;
  const position = new Map(order.map((b, i) => [b, i]));
  const MOVE = P * n + 1;
  const OVERFLOW = MOVE * (P + 1);

  const net = new FlowNetwork(0);
  const source = net.addNode();
  const sink = net.addNode();
  const extra = net.addNode();
  const extraToSink = net.addEdge(extra, sink, P % n, 0);
  const brokerNode = new Map<number, number>();
  const main = new Map<number, number>();
  const spare = new Map<number, number>();
  for (const b of order) {
    const node = net.addNode();
    brokerNode.set(b, node);
    main.set(b, net.addEdge(node, sink, Math.floor(P / n), 0));
    spare.set(b, net.addEdge(node, extra, 1, 0));
    net.addEdge(node, sink, P, OVERFLOW);
  }
  const sourceEdge: number[] = [];
  const leadEdges: { broker: number; edge: number }[][] = [];
  for (let p = 0; p < P; p++) {
    const pNode = net.addNode();
    sourceEdge.push(net.addEdge(source, pNode, 1, 0));
    const currentLeader = input.current[p]?.[0];
    leadEdges.push(
      sets[p].map((b) => ({
        broker: b,
        edge: net.addEdge(pNode, brokerNode.get(b)!, 1, b === currentLeader ? 0 : MOVE + preference(position.get(b)!, p, start, n)),
      })),
    );
  }
  let seeded = 0;
  for (let p = 0; p < P; p++) {
    const leader = input.current[p]?.[0];
    const e = leadEdges[p].find((x) => x.broker === leader);
    if (!e) continue;
    const m = main.get(e.broker)!;
    const s = spare.get(e.broker)!;
    if (net.residual(m) >= 1) net.pushPath([sourceEdge[p], e.edge, m], 1);
    else if (net.residual(s) >= 1 && net.residual(extraToSink) >= 1) net.pushPath([sourceEdge[p], e.edge, s, extraToSink], 1);
    else continue;
    seeded++;
  }
  net.augment(source, sink, P - seeded);
  return leadEdges.map((edges) => edges.find((x) => net.flow(x.edge) > 0)!.broker);
}

/**
 * The replica list of partition p: current order kept, a replaced replica's slot taken by a new broker
 * (new brokers in preference order), extra new brokers appended, then the leader moved to the front.
 */
export function orderReplicas(
  current: readonly number[] | undefined,
  set: readonly number[],
  leader: number,
  rank: (broker: number) => number,
): number[] {
  const inSet = new Set(set);
  const seen = new Set<number>();
  const incoming = set.filter((b) => !(current ?? []).includes(b)).sort((a, b) => rank(a) - rank(b));
  const out: number[] = [];
  for (const b of current ?? []) {
    if (seen.has(b)) continue;
    seen.add(b);
    if (inSet.has(b)) out.push(b);
    else if (incoming.length > 0) out.push(incoming.shift()!);
  }
  out.push(...incoming);
  const at = out.indexOf(leader);
  if (at > 0) {
    out.splice(at, 1);
    out.unshift(leader);
  }
  return out;
}
