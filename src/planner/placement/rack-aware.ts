/**
 * `rack-aware`: `balanced` plus Kafka's rack rule — no two replicas of a partition in one rack while there are
 * at least RF racks (with fewer racks, replicas spread over racks as evenly as possible). Rotation order
 * interleaves racks (a1, b1, c1, a2, …) as Kafka's rack-aware assignment does. When rack sizes differ the rule
 * can make ±1 broker balance impossible; the result is then as balanced as the rule allows.
 * Brokers without racks: if none has a rack this is `balanced`; a mix is an error, as in Kafka.
 */
import { compareStrings } from '../issues.js';
import { checkPlacementInput } from './input-checks.js';
import { solvePlacement } from './solve.js';
import type { PlacementBroker, PlacementInput, PlacementResult, PlacementStrategy } from './types.js';

/** Broker ids with racks interleaved: first broker of each rack (racks sorted), then the second of each, … */
export function rackAlternatedOrder(brokers: readonly PlacementBroker[]): number[] {
  const byRack = new Map<string, number[]>();
  for (const b of [...brokers].sort((x, y) => x.id - y.id)) {
    const rack = b.rack ?? '';
    const list = byRack.get(rack);
    if (list) list.push(b.id);
    else byRack.set(rack, [b.id]);
  }
  const lists = [...byRack.keys()].sort(compareStrings).map((r) => byRack.get(r)!);
  const out: number[] = [];
  for (let i = 0; out.length < brokers.length; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

export const rackAware: PlacementStrategy = {
  name: 'rack-aware',
  assign(input: PlacementInput): PlacementResult {
    const problem = checkPlacementInput(input);
    if (problem !== null) return { ok: false, message: problem };
    const withRack = input.brokers.filter((b) => b.rack !== null).length;
    if (withRack > 0 && withRack < input.brokers.length) {
      return { ok: false, message: 'Not all brokers have rack information for replica rack aware assignment.' };
    }
    const rack = new Map(input.brokers.map((b) => [b.id, b.rack ?? `broker-${b.id}`]));
    return solvePlacement(input, { order: rackAlternatedOrder(input.brokers), rackOf: (id) => rack.get(id)! });
  },
};
