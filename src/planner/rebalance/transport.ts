/**
 * Moving units (replicas, preferred leaderships) from brokers above their share ("donors") to brokers below it
 * ("receivers"), each unit at most once and only donor → receiver, so the number of moved units is exactly the
 * surplus removed — the lower bound when every surplus is removed.
 *
 * 1. Greedy: units in the caller's order (e.g. smallest partitions first); a unit on a donor goes to the feasible
 *    receiver the caller scores lowest (ties: lower broker index).
 * 2. Repair, when a donor is left with surplus: breadth-first search for an augmenting path in which earlier moves
 *    are redirected to another receiver or cancelled (their donor then sends a different unit), ending at a receiver
 *    with room. Every path moves one more unit and removes one unit of surplus; the invariants above hold.
 *    With `chains` (leaders: no data moves), a path may also pass through a broker at its share that hands on one
 *    of its own units; more units then move than the surplus, but the shares are reached more often.
 * 3. `forced` donors (brokers being emptied) left with units: chain paths when `forcedChains`, then, with `overflow`,
 *    each remaining unit goes to the feasible receiver least above its share — emptying wins over balance.
 * Brokers left above their share (donors that found no path, receivers pushed over by overflow) are reported.
 */

export interface Mover {
  /** Broker index where the unit is now. */
  at(unit: number): number;
  /** Units of one group (a partition) are never used twice in one augmenting path: their checks interact. */
  group(unit: number): number;
  /**
   * May the unit be placed on broker `to` now? `returning` = back to where it started (the receiver check is
   * skipped there; placement rules still apply).
   */
  canMove(unit: number, to: number, returning: boolean): boolean;
  /** Places the unit on broker `to`, updating the live counts. */
  move(unit: number, to: number): void;
  /** Preference of broker `to` for the unit; lower is better. */
  score(unit: number, to: number): number;
  /**
   * A shortcut for the greedy step: the receiver it would choose (lowest score, then lowest index, among those with
   * room that pass the filter and canMove), found without scoring every receiver; undefined = not known, score them.
   */
  best?(unit: number, filter: ((unit: number, to: number) => boolean) | null): number | undefined;
  /**
   * A secondary goal the greedy step serves first: one pass over the units per filter, moving a unit only where the
   * filter allows it (e.g. the move keeps its topic balanced), then a last pass that moves anywhere.
   */
  readonly preferred?: readonly ((unit: number, to: number) => boolean)[];
  /** The brokers the unit could ever go to (e.g. the partition's other replicas); undefined = every broker. */
  targets?(unit: number): readonly number[];
  /**
   * True when whether a unit may move depends only on that unit (not on other units of its group). With `targets`,
   * transport then keeps a broker → broker count of possible moves and searches augmenting paths over brokers.
   */
  readonly independent?: boolean;
  /**
   * That broker → broker count of possible moves for the given units, computed directly (the same numbers as asking
   * canMove of every unit and target, which costs ~150 ms for 200,000 units); optional.
   */
  capacity?(units: ArrayLike<number>): Int32Array;
}

export interface TransportSetup {
  /** Live units per broker (updated by mover.move). */
  readonly counts: Int32Array;
  readonly shares: Int32Array;
  /** 1 = may give units away. */
  readonly donorAllowed: Uint8Array;
  /** 1 = may receive units. */
  readonly receiverAllowed: Uint8Array;
  /** Every movable unit, in greedy order. Units are numbers in [0, unitLimit). */
  readonly order: ArrayLike<number>;
  readonly unitLimit: number;
  /** Allow augmenting paths through brokers at their share (see above). Default false. */
  readonly chains?: boolean;
  /** Run step 2 (augmenting paths). Default true; false = greedy only, a best effort. */
  readonly repair?: boolean;
  /** 1 = must end at its share even if receivers go above theirs (step 3). */
  readonly forced?: Uint8Array;
  readonly forcedChains?: boolean;
  readonly overflow?: boolean;
}

export interface TransportResult {
  /** Units that ended on another broker than where they started. */
  readonly moved: number;
  /** Broker indexes above their share at the end: donors that found no path, receivers pushed over by overflow. */
  readonly stuck: number[];
}

/** Brokers a quick (depth-first) augmenting path may pass through after the donor. */
const QUICK_DEPTH = 3;

interface PathStep {
  readonly unit: number;
  readonly to: number;
}

export function transport(setup: TransportSetup, mover: Mover): TransportResult {
  const { counts, shares, donorAllowed, receiverAllowed, order } = setup;
  const chains = setup.chains ?? false;
  const nb = counts.length;
  const origin = new Int32Array(setup.unitLimit).fill(-1);
  for (let i = 0; i < order.length; i++) origin[order[i]] = mover.at(order[i]);
  // Units by the broker they started on (built when the first augmenting path is searched).
  let unitsAt: number[][] | null = null;
  const unitsFrom = (b: number): number[] => {
    if (unitsAt === null) {
      const lists: number[][] = Array.from({ length: nb }, () => []);
      for (let i = 0; i < order.length; i++) lists[origin[order[i]]].push(order[i]);
      unitsAt = lists;
    }
    return unitsAt[b];
  };
  const everyBroker = Array.from({ length: nb }, (_, b) => b);
  const targetsOf = (u: number): readonly number[] => mover.targets?.(u) ?? everyBroker;
  const movedInto: number[][] = Array.from({ length: nb }, () => []);
  let moved = 0;

  // Broker → broker count of units that could move (built at the first augmenting search, then kept up to date).
  let capacity: Int32Array | null = null;
  const contribute = (u: number, sign: 1 | -1): void => {
    const b = mover.at(u);
    for (const r of targetsOf(u)) if (r !== b && mover.canMove(u, r, false)) capacity![b * nb + r] += sign;
  };
  const place = (unit: number, to: number): void => {
    if (capacity !== null) contribute(unit, -1);
    try {
      placeUnit(unit, to);
    } finally {
      if (capacity !== null) contribute(unit, 1);
    }
  };
  const placeUnit = (unit: number, to: number): void => {
    const from = mover.at(unit);
    const home = origin[unit];
    if (from !== home) {
      const list = movedInto[from];
      list.splice(list.indexOf(unit), 1);
      moved--;
    }
    mover.move(unit, to);
    if (to !== home) {
      movedInto[to].push(unit);
      moved++;
    }
  };

  // 1. Greedy (twice with a secondary goal: first only the moves it prefers).
  let receivers: number[] = [];
  for (let b = 0; b < nb; b++) if (receiverAllowed[b] && counts[b] < shares[b]) receivers.push(b);
  /** The receiver with room, passing the filter and canMove, that the unit scores lowest (ties: lower index); or -1. */
  const scoredBest = (u: number, filter: ((unit: number, to: number) => boolean) | null): number => {
    let best = -1;
    let bestScore = 0;
    for (const r of mover.targets ? targetsOf(u) : receivers) {
      if (counts[r] >= shares[r] || !receiverAllowed[r]) continue;
      const s = mover.score(u, r);
      // Scores are cheap, rule checks are not: check only a receiver that would win.
      if (best >= 0 && (s > bestScore || (s === bestScore && r > best))) continue;
      if (filter !== null && !filter(u, r)) continue;
      if (!mover.canMove(u, r, false)) continue;
      best = r;
      bestScore = s;
    }
    return best;
  };
  const greedy = (filter: ((unit: number, to: number) => boolean) | null): void => {
    for (let i = 0; i < order.length && receivers.length > 0; i++) {
      const u = order[i];
      const d = mover.at(u);
      if (d !== origin[u] || !donorAllowed[d] || counts[d] <= shares[d]) continue;
      const best = mover.best?.(u, filter) ?? scoredBest(u, filter);
      if (best < 0) continue;
      place(u, best);
      if (counts[best] >= shares[best]) receivers = receivers.filter((r) => counts[r] < shares[r]);
    }
  };
  for (const filter of mover.preferred ?? []) greedy(filter);
  greedy(null);

  // 2. Repair with augmenting paths; 3. forced donors: chains, then overflow.
  const repair = (d: number, withChains: boolean): void => {
    while (counts[d] > shares[d]) {
      const path =
        (withChains && mover.independent && mover.targets ? brokerPath(d) : null) ?? quickPath(d, withChains) ?? augmentingPath(d, withChains);
      if (path === null) return;
      for (const step of path) place(step.unit, step.to);
    }
  };
  const forced = setup.forced;
  const overfilled = new Uint8Array(nb);
  for (let d = 0; d < nb; d++) {
    if (!donorAllowed[d]) continue;
    if (setup.repair !== false) repair(d, chains);
    if (!forced?.[d] || counts[d] <= shares[d]) continue;
    if (setup.forcedChains && !chains) repair(d, true);
    if (!setup.overflow) continue;
    for (const u of unitsHere(d)) {
      if (counts[d] <= shares[d]) break;
      let best = -1;
      let bestOver = 0;
      let bestScore = 0;
      for (const r of targetsOf(u)) {
        if (r === d || !receiverAllowed[r] || forced[r] || !mover.canMove(u, r, false)) continue;
        const over = counts[r] - shares[r];
        const score = mover.score(u, r);
        if (best < 0 || over < bestOver || (over === bestOver && score < bestScore)) {
          best = r;
          bestOver = over;
          bestScore = score;
        }
      }
      if (best < 0) continue;
      place(u, best);
      if (counts[best] > shares[best]) overfilled[best] = 1;
    }
  }
  const stuck: number[] = [];
  for (let b = 0; b < nb; b++) if (counts[b] > shares[b] && (donorAllowed[b] || overfilled[b])) stuck.push(b);
  return { moved, stuck };

  /** Movable units on broker b now: its own that have not left, and those moved in. */
  function unitsHere(b: number): number[] {
    const own = unitsFrom(b).filter((u) => mover.at(u) === b);
    return movedInto[b].length === 0 ? own : own.concat(movedInto[b]);
  }

  /** The first of unitsHere(b) (same order) that passes `test`, without building the list. */
  function firstUnitHere(b: number, test: (u: number) => boolean): number | undefined {
    for (const u of unitsFrom(b)) if (mover.at(u) === b && test(u)) return u;
    for (const u of movedInto[b]) if (test(u)) return u;
    return undefined;
  }

  /** May unit u, now on `from`, take step `to` on a path (not back where it started, and not its own broker)? */
  function canStep(u: number, from: number, to: number): boolean {
    return to !== from && receiverAllowed[to] === 1 && to !== origin[u] && mover.canMove(u, to, false);
  }

  /**
   * Depth-first search for a short augmenting path (at most `QUICK_DEPTH` brokers after the donor), stopping at the
   * first one found: usually far cheaper than the breadth-first search, which expands every unit of every broker
   * of a level before the next. Each broker is expanded once; when it finds nothing, the complete search runs.
   */
  function quickPath(start: number, chains: boolean): PathStep[] | null {
    const seenDonor = new Uint8Array(nb);
    const seenReceiver = new Uint8Array(nb);
    const steps: PathStep[] = [];
    const groups = new Set<number>();
    const visit = (broker: number, donor: boolean, depth: number): boolean => {
      const units = donor || chains ? unitsHere(broker) : [...movedInto[broker]];
      for (const u of units) {
        if (groups.has(mover.group(u))) continue;
        for (const r of targetsOf(u)) {
          if (counts[r] < shares[r] && !seenReceiver[r] && canStep(u, broker, r)) {
            steps.push({ unit: u, to: r });
            return true;
          }
        }
      }
      if (depth >= QUICK_DEPTH) return false;
      for (const u of units) {
        const g = mover.group(u);
        if (groups.has(g)) continue;
        groups.add(g);
        for (const r of targetsOf(u)) {
          if (seenReceiver[r] || !(chains || movedInto[r].length > 0) || !canStep(u, broker, r)) continue;
          seenReceiver[r] = 1;
          steps.push({ unit: u, to: r });
          if (visit(r, false, depth + 1)) return true;
          steps.pop();
        }
        const home = origin[u];
        if (!donor && home !== broker && !seenDonor[home] && mover.canMove(u, home, true)) {
          seenDonor[home] = 1;
          steps.push({ unit: u, to: home });
          if (visit(home, true, depth + 1)) return true;
          steps.pop();
        }
        groups.delete(g);
      }
      return false;
    };
    seenDonor[start] = 1;
    return visit(start, true, 0) ? steps : null;
  }

  /** Breadth-first search for an augmenting path (complete: finds one whenever one exists in the residual graph). */
  /**
   * Chains over the broker graph (edge x → y when some unit on x may move to y): breadth-first from the donor to a
   * broker below its share, then one concrete unit per hop (distinct groups). Null when no broker path exists or a
   * hop finds no unit; the unit-level search then decides.
   */
  function brokerPath(start: number): PathStep[] | null {
    if (capacity === null) {
      if (mover.capacity) capacity = mover.capacity(order);
      else {
        capacity = new Int32Array(nb * nb);
        for (let i = 0; i < order.length; i++) contribute(order[i], 1);
      }
    }
    const parent = new Int32Array(nb).fill(-1);
    parent[start] = start;
    const queue = [start];
    let end = -1;
    for (let head = 0; head < queue.length && end < 0; head++) {
      const x = queue[head];
      for (let y = 0; y < nb; y++) {
        if (parent[y] >= 0 || !receiverAllowed[y] || capacity[x * nb + y] <= 0) continue;
        parent[y] = x;
        if (counts[y] < shares[y]) {
          end = y;
          break;
        }
        queue.push(y);
      }
    }
    if (end < 0) return null;
    const hops: number[] = [];
    for (let y = end; y !== start; y = parent[y]) hops.push(y);
    hops.reverse();
    const steps: PathStep[] = [];
    const groups = new Set<number>();
    let from = start;
    for (const to of hops) {
      const unit = firstUnitHere(from, (u) => !groups.has(mover.group(u)) && mover.canMove(u, to, false));
      if (unit === undefined) return null;
      groups.add(mover.group(unit));
      steps.push({ unit, to });
      from = to;
    }
    return steps;
  }

  function augmentingPath(start: number, chains: boolean): PathStep[] | null {
    type Node = { readonly donor: boolean; readonly broker: number; readonly parent: Node | null; readonly step: PathStep | null };
    const seenDonor = new Uint8Array(nb);
    const seenReceiver = new Uint8Array(nb);
    const groupsOn = (node: Node): Set<number> => {
      const groups = new Set<number>();
      for (let n: Node | null = node; n !== null; n = n.parent) if (n.step) groups.add(mover.group(n.step.unit));
      return groups;
    };
    const finish = (node: Node, last: PathStep): PathStep[] => {
      const steps = [last];
      for (let n: Node | null = node; n !== null; n = n.parent) if (n.step) steps.push(n.step);
      return steps.reverse();
    };
    const queue: Node[] = [{ donor: true, broker: start, parent: null, step: null }];
    seenDonor[start] = 1;
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      const used = groupsOn(node);
      // From a donor: send one of its own units. From a receiver: redirect a unit moved into it (with chains: or
      // hand on any unit it holds).
      const units = node.donor || chains ? unitsHere(node.broker) : [...movedInto[node.broker]];
      for (const u of units) {
        if (used.has(mover.group(u))) continue;
        for (const r of targetsOf(u)) {
          if (r === node.broker || !receiverAllowed[r] || r === origin[u] || !mover.canMove(u, r, false)) continue;
          const step = { unit: u, to: r };
          if (counts[r] < shares[r] && !seenReceiver[r]) return finish(node, step);
          if (!seenReceiver[r] && (chains || movedInto[r].length > 0)) {
            seenReceiver[r] = 1;
            queue.push({ donor: false, broker: r, parent: node, step });
          }
        }
        // Cancel a move into this receiver: its donor takes the unit back and sends another one.
        const home = origin[u];
        if (!node.donor && home !== node.broker && !seenDonor[home] && mover.canMove(u, home, true)) {
          seenDonor[home] = 1;
          queue.push({ donor: true, broker: home, parent: node, step: { unit: u, to: home } });
        }
      }
    }
    return null;
  }
}
