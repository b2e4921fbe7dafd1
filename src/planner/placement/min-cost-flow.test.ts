import { describe, expect, it } from 'vitest';
import { FlowNetwork } from './min-cost-flow.js';

describe('FlowNetwork', () => {
  it('finds the cheapest max flow, rerouting earlier units when that is cheaper', () => {
    // s → a (2), s → b (1); a → t costs 1 or 5; b → t costs 1 but only through a shared edge.
    const net = new FlowNetwork(5);
    const [s, a, b, m, t] = [0, 1, 2, 3, 4];
    net.addEdge(s, a, 2, 0);
    net.addEdge(s, b, 1, 0);
    const am = net.addEdge(a, m, 1, 0);
    const at = net.addEdge(a, t, 1, 5);
    const bm = net.addEdge(b, m, 1, 0);
    const bt = net.addEdge(b, t, 1, 10);
    net.addEdge(m, t, 2, 1);
    expect(net.augment(s, t, 10)).toBe(3);
    expect([net.flow(am), net.flow(at), net.flow(bm), net.flow(bt)]).toEqual([1, 1, 1, 0]);
  });

  it('continues from a seeded zero-cost flow', () => {
    const net = new FlowNetwork(4);
    const sa = net.addEdge(0, 1, 1, 0);
    const a2 = net.addEdge(1, 2, 1, 0);
    const a3 = net.addEdge(1, 3, 1, 3);
    const x = net.addEdge(0, 2, 1, 0);
    const twoT = net.addEdge(2, 3, 1, 0);
    net.pushPath([sa, a2, twoT], 1);
    expect(net.augment(0, 3, 5)).toBe(1);
    // the second unit can only go 0→2→(reverse 2→1)→1→3: the seeded path is rerouted
    expect([net.flow(a2), net.flow(a3), net.flow(x), net.flow(twoT)]).toEqual([0, 1, 1, 1]);
  });

  it('refuses negative costs and seeding costly edges', () => {
    const net = new FlowNetwork(2);
    expect(() => net.addEdge(0, 1, 1, -1)).toThrow(RangeError);
    const e = net.addEdge(0, 1, 1, 2);
    expect(() => net.pushPath([e], 1)).toThrow('zero-cost');
  });
});
