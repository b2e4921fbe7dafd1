/**
 * Replica lists of one topic: a new topic's assignment (by its strategy), and for an existing topic the fewest
 * changes that fit the YAML — replication factor up or down, replicas outside the topic's `brokers`, a broken rack
 * rule, a differing static assignment — plus lists for added partitions. A healthy partition is never touched:
 * every replica that can stay, stays, in its slot (a replaced preferred leader is replaced in place).
 *
 * New replicas go to brokers that may receive (known, online, not excluded, in the subset), rack rule first, then
 * fewest replicas of this topic, then fewest replicas cluster-wide (the context's counts, kept up to date).
 */
import type { TopicState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import { issue } from './issues.js';
import { PLACEMENT_STRATEGIES } from './placement/index.js';
import type { PlanIssue, ReassignReason } from './plan.js';
import { countReplicas, isOnline, mayKeep, rackKey, type PlacementContext, type TopicPlacement } from './placement-context.js';

export interface ReplicaPlan {
  /**
   * Final replica lists of the existing partitions (index = partition); absent when every partition keeps the
   * cluster's list and none is added (the common case: no copy of the lists is made).
   */
  readonly lists?: readonly (readonly number[])[];
  /** Replica lists of the partitions to add, with the final replication factor. */
  readonly added: number[][];
  readonly reasons: ReadonlySet<ReassignReason>;
  readonly errors: PlanIssue[];
}

/** Counts of one topic's replicas and preferred leaders per broker. */
class TopicCounts {
  readonly replicas = new Map<number, number>();
  readonly leaders = new Map<number, number>();

  constructor(lists: readonly (readonly number[])[]) {
    for (const list of lists) this.add(list, 1);
  }

  add(list: readonly number[], sign: 1 | -1): void {
    list.forEach((id, slot) => {
      this.replicas.set(id, (this.replicas.get(id) ?? 0) + sign);
      if (slot === 0) this.leaders.set(id, (this.leaders.get(id) ?? 0) + sign);
    });
  }
}

function distinctRacks(ctx: PlacementContext, list: readonly number[]): number {
  // Every partition of every topic passes here: numeric rack keys, no array per call (lists are short).
  let distinct = 0;
  for (let i = 0; i < list.length; i++) {
    const rack = rackKey(ctx, list[i]);
    let j = 0;
    while (j < i && rackKey(ctx, list[j]) !== rack) j++;
    if (j === i) distinct++;
  }
  return distinct;
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The best broker for one more replica of a partition holding `list` (empty list: the preferred leader). */
function chooseBroker(list: readonly number[], rf: number, placement: TopicPlacement, ctx: PlacementContext, topic: TopicCounts): number | null {
  const need = placement.rackRule ? Math.min(rf, placement.rackCount) : 0;
  const mustSpread = placement.rackRule && distinctRacks(ctx, list) < need;
  const usedRacks = new Map<number, number>();
  for (const id of list) usedRacks.set(rackKey(ctx, id), (usedRacks.get(rackKey(ctx, id)) ?? 0) + 1);
  let best: number | null = null;
  let bestKey: number[] = [];
  for (const id of placement.receivers) {
    if (list.includes(id)) continue;
    const rackUse = usedRacks.get(rackKey(ctx, id)) ?? 0;
    if (mustSpread && rackUse > 0) continue;
    const key =
      list.length === 0
        ? [topic.leaders.get(id) ?? 0, topic.replicas.get(id) ?? 0, ctx.leaders.get(id), ctx.replicas.get(id), id]
        : [placement.rackRule ? rackUse : 0, topic.replicas.get(id) ?? 0, ctx.replicas.get(id), id];
    if (best === null || compareTuples(key, bestKey) < 0) {
      best = id;
      bestKey = key;
    }
  }
  return best;
}

/** Which replica to drop when the replication factor goes down: the one whose loss hurts least. */
function chooseVictim(kept: readonly number[], placement: TopicPlacement, ctx: PlacementContext, topic: TopicCounts): number {
  const rackUse = new Map<number, number>();
  for (const id of kept) rackUse.set(rackKey(ctx, id), (rackUse.get(rackKey(ctx, id)) ?? 0) + 1);
  let best = 0;
  let bestKey: number[] | null = null;
  kept.forEach((id, slot) => {
    // Lower key = better victim: excluded, then offline or unknown, then a rack shared with another replica, then
    // not the preferred leader, then most replicas of the topic and cluster-wide, then the later slot.
    const key = [
      ctx.excluded.has(id) ? 0 : 1,
      isOnline(ctx.brokers.get(id)) ? 1 : 0,
      placement.rackRule && rackUse.get(rackKey(ctx, id))! > 1 ? 0 : 1,
      slot === 0 ? 1 : 0,
      -(topic.replicas.get(id) ?? 0),
      -ctx.replicas.get(id),
      -slot,
    ];
    if (bestKey === null || compareTuples(key, bestKey) < 0) {
      best = slot;
      bestKey = key;
    }
  });
  return best;
}

interface FitResult {
  readonly list: number[];
  readonly reasons: ReassignReason[];
  readonly problem?: string;
}

/** The fewest changes that give `current` (possibly empty: a new partition) `rf` valid replicas. */
function fitPartition(current: readonly number[], rf: number, placement: TopicPlacement, ctx: PlacementContext, topic: TopicCounts): FitResult {
  const reasons: ReassignReason[] = [];
  const kept: number[] = [];
  for (const id of current) {
    if (kept.includes(id) || !mayKeep(placement, id)) reasons.push('placement');
    else kept.push(id);
  }
  while (kept.length > rf) {
    kept.splice(chooseVictim(kept, placement, ctx, topic), 1);
    reasons.push('replication-factor');
  }
  if (placement.rackRule) {
    // Drop replicas sharing a rack (latest slot first) until filling the free slots can reach the rack spread.
    const need = Math.min(rf, placement.rackCount);
    for (let i = kept.length - 1; i > 0 && distinctRacks(ctx, kept) + (rf - kept.length) < need; i--) {
      const rack = rackKey(ctx, kept[i]);
      if (kept.findIndex((id) => rackKey(ctx, id) === rack) < i) {
        kept.splice(i, 1);
        reasons.push('placement');
      }
    }
  }
  if (current.length > 0 && current.length < rf) reasons.push('replication-factor');
  const incoming: number[] = [];
  while (kept.length + incoming.length < rf) {
    const next = chooseBroker([...kept, ...incoming], rf, placement, ctx, topic);
    if (next === null) {
      return { list: [...current], reasons: [], problem: `no broker can take another replica (${placement.receivers.length} may receive)` };
    }
    incoming.push(next);
  }
  const list: number[] = [];
  for (const id of current) {
    if (kept.includes(id) && !list.includes(id)) list.push(id);
    else if (!kept.includes(id) && incoming.length > 0 && list.length < rf) list.push(incoming.shift()!);
  }
  list.push(...incoming);
  return { list, reasons };
}

const NO_REASONS: ReadonlySet<ReassignReason> = new Set();

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Replica lists for an existing topic (see the file comment). Updates the context's counts. */
export function planTopicReplicas(spec: TopicSpec, actual: TopicState, placement: TopicPlacement, ctx: PlacementContext): ReplicaPlan {
  const rf = spec.replicationFactor;
  const errors: PlanIssue[] = [];
  const addCount = Math.max(0, spec.partitions - actual.partitions.length);
  const isStatic = placement.strategy === 'static' && spec.replicaAssignment !== undefined;
  if (!isStatic && addCount === 0 && everyPartitionFits(actual, rf, placement, ctx)) return { added: [], reasons: NO_REASONS, errors };
  const reasons = new Set<ReassignReason>();
  const current = actual.partitions.map((p) => [...p.replicas]);
  const unchanged: ReplicaPlan = { lists: current, added: [], reasons, errors };

  if (isStatic) {
    const wanted = spec.replicaAssignment!;
    const lists = current.map((list, p) => {
      if (p >= wanted.length || sameList(list, wanted[p])) return list;
      reasons.add(list.length !== wanted[p].length ? 'replication-factor' : 'placement');
      return [...wanted[p]];
    });
    const added = wanted.slice(current.length, spec.partitions).map((list) => [...list]);
    recount(ctx, current, [...lists, ...added]);
    return { lists, added, reasons, errors };
  }

  if (placement.problem !== undefined) {
    errors.push(issue('placement-impossible', spec.name, placement.problem, spec.source));
    return unchanged;
  }
  const topic = new TopicCounts(current);
  const lists: number[][] = [];
  for (const list of current) {
    const fit = partitionFits(list, rf, placement, ctx) ? { list, reasons: [] } : fitPartition(list, rf, placement, ctx, topic);
    if (fit.problem !== undefined) {
      errors.push(issue('placement-impossible', spec.name, `cannot place partition ${lists.length}: ${fit.problem}`, spec.source));
      recount(ctx, lists, current.slice(0, lists.length));
      return unchanged;
    }
    if (!sameList(fit.list, list)) for (const r of fit.reasons) reasons.add(r);
    topic.add(list, -1);
    topic.add(fit.list, 1);
    recount(ctx, [list], [fit.list]);
    lists.push(fit.list);
  }
  const added: number[][] = [];
  for (let i = 0; i < addCount; i++) {
    const fit = fitPartition([], rf, placement, ctx, topic);
    if (fit.problem !== undefined) {
      errors.push(issue('placement-impossible', spec.name, `cannot place new partition ${current.length + i}: ${fit.problem}`, spec.source));
      recount(ctx, [...lists, ...added], current);
      return unchanged;
    }
    topic.add(fit.list, 1);
    recount(ctx, [], [fit.list]);
    added.push(fit.list);
  }
  return { lists, added, reasons, errors };
}

function everyPartitionFits(actual: TopicState, rf: number, placement: TopicPlacement, ctx: PlacementContext): boolean {
  for (let p = 0; p < actual.partitions.length; p++) if (!partitionFits(actual.partitions[p].replicas, rf, placement, ctx)) return false;
  return true;
}

/** A partition that needs no change: rf distinct replicas the topic may keep, and the rack rule holds. */
function partitionFits(list: readonly number[], rf: number, placement: TopicPlacement, ctx: PlacementContext): boolean {
  if (list.length !== rf) return false;
  for (let i = 0; i < list.length; i++) {
    if (!mayKeep(placement, list[i]) || list.indexOf(list[i]) !== i) return false;
  }
  return !placement.rackRule || distinctRacks(ctx, list) >= (rf < placement.rackCount ? rf : placement.rackCount);
}

function recount(ctx: PlacementContext, before: readonly (readonly number[])[], after: readonly (readonly number[])[]): void {
  for (const list of before) countReplicas(ctx, list, -1);
  for (const list of after) countReplicas(ctx, list, 1);
}

/** A new topic's replica lists by its strategy (static: the YAML's), or errors. Updates the context's counts. */
export function placeNewTopic(spec: TopicSpec, placement: TopicPlacement, ctx: PlacementContext): { assignment?: number[][]; errors: PlanIssue[] } {
  const fail = (message: string): { errors: PlanIssue[] } => ({ errors: [issue('placement-impossible', spec.name, message, spec.source)] });
  if (placement.problem !== undefined) return fail(placement.problem);
  let assignment: number[][];
  if (placement.strategy === 'static' && spec.replicaAssignment !== undefined) {
    assignment = spec.replicaAssignment.map((list) => [...list]);
  } else {
    if (placement.receivers.length < spec.replicationFactor) {
      return fail(`only ${placement.receivers.length} eligible broker(s) are online; replication factor ${spec.replicationFactor} needs ${spec.replicationFactor}`);
    }
    const result = PLACEMENT_STRATEGIES[placement.strategy].assign({
      topic: spec.name,
      partitions: spec.partitions,
      replicationFactor: spec.replicationFactor,
      current: [],
      brokers: placement.receivers.map((id) => ({ id, rack: placement.rackRule ? (ctx.brokers.get(id)?.rack ?? null) : null })),
    });
    if (!result.ok) return fail(result.message);
    assignment = result.assignment;
  }
  recount(ctx, [], assignment);
  return { assignment, errors: [] };
}
