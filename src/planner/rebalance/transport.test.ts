import { describe, expect, it } from 'vitest';
import { transport, type Mover } from './transport.js';

/**
 * A toy world: units sit on brokers and may go only to the brokers listed for them; `prefer` lists the
 * receivers each unit likes best first (lower score).
 */
function world(options: {
  brokers: number;
  at: number[];
  allowed: number[][];
  prefer?: number[][];
  shares: number[];
  donors?: number[];
  forced?: number[];
  /** Greedy order; default by unit number. */
  order?: number[];
}) {
  const at = [...options.at];
  const counts = new Int32Array(options.brokers);
  for (const b of at) counts[b]++;
  const mover: Mover = {
    at: (u) => at[u],
    group: (u) => u,
    canMove: (u, to, returning) => returning || options.allowed[u].includes(to),
    move: (u, to) => {
      counts[at[u]]--;
      counts[to]++;
      at[u] = to;
    },
    score: (u, to) => {
      const rank = options.prefer?.[u]?.indexOf(to) ?? -1;
      return rank < 0 ? 100 : rank;
    },
  };
  const donorAllowed = new Uint8Array(options.brokers);
  for (const d of options.donors ?? Array.from({ length: options.brokers }, (_, b) => b)) donorAllowed[d] = 1;
  const forced = new Uint8Array(options.brokers);
  for (const f of options.forced ?? []) forced[f] = 1;
  return {
    at,
    counts,
    run: (extra: { overflow?: boolean; chains?: boolean } = {}) =>
      transport(
        {
          counts,
          shares: Int32Array.from(options.shares),
          donorAllowed,
          receiverAllowed: new Uint8Array(options.brokers).fill(1),
          order: options.order ?? at.map((_, u) => u),
          unitLimit: at.length,
          forced,
          overflow: extra.overflow ?? false,
          ...(extra.chains !== undefined ? { chains: extra.chains } : {}),
        },
        mover,
      ),
  };
}

describe('transport', () => {
  it('moves each surplus unit straight to a receiver with room, preferring the lowest score', () => {
    // broker 0 holds 3 units, shares 1/1/1
    const w = world({ brokers: 3, at: [0, 0, 0], allowed: [[1, 2], [1, 2], [1, 2]], prefer: [[2, 1], [2, 1], [2, 1]], shares: [1, 1, 1] });
    expect(w.run()).toEqual({ moved: 2, stuck: [] });
    expect(w.at).toEqual([2, 1, 0]);
  });

  it('redirects an earlier move when the greedy choice blocks a later unit', () => {
    // unit 0 prefers X=1 but could go to Y=2; unit 1 can only go to X. Greedy puts 0 on X; the repair moves it to Y.
    const w = world({ brokers: 3, at: [0, 0, 0], allowed: [[1, 2], [1], []], prefer: [[1, 2], [1], []], shares: [1, 1, 1] });
    expect(w.run()).toEqual({ moved: 2, stuck: [] });
    expect(w.at).toEqual([2, 1, 0]);
  });

  it('cancels an earlier move so that its donor sends another unit instead', () => {
    // brokers: A=0 (unit 0 → X only), B=1 (unit 1 → X only, unit 2 → Y only, unit 3 stays), X=2, Y=3.
    // Greedy: unit 1 takes X first (order), unit 0 is stuck; the repair cancels 1 and sends 2 to Y.
    const w = world({ brokers: 4, at: [0, 1, 1, 1], allowed: [[2], [2], [3], []], shares: [0, 2, 1, 1], donors: [0, 1], order: [1, 0, 2, 3] });
    expect(w.run()).toEqual({ moved: 2, stuck: [] });
    expect(w.at).toEqual([2, 1, 3, 1]);
  });

  it('reports a donor no path can relieve, and moves nothing for it', () => {
    const w = world({ brokers: 2, at: [0, 0], allowed: [[], []], shares: [1, 1] });
    expect(w.run()).toEqual({ moved: 0, stuck: [0] });
  });

  it('overflows a forced donor onto the least loaded feasible receiver when no receiver has room', () => {
    // broker 0 must be emptied; brokers 1 and 2 are at their shares; only broker 2 may take the unit.
    const w = world({ brokers: 3, at: [0, 1, 2], allowed: [[2], [], []], shares: [0, 1, 1], forced: [0], donors: [0] });
    const result = w.run({ overflow: true });
    expect(w.at).toEqual([2, 1, 2]);
    expect(result).toEqual({ moved: 1, stuck: [2] });
  });

  it('passes through a broker at its share only with chains', () => {
    // unit 0 on donor 0 may only go to 1 (at share); unit 1 on broker 1 may go to 2 (room).
    const setup = { brokers: 3, at: [0, 0, 1], allowed: [[1], [], [2]], shares: [1, 1, 1] };
    expect(world(setup).run()).toEqual({ moved: 0, stuck: [0] });
    const chained = world(setup);
    expect(chained.run({ chains: true })).toEqual({ moved: 2, stuck: [] });
    expect(chained.at).toEqual([1, 0, 2]);
  });
});
