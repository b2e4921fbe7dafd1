/**
 * plan(desired, actual, options) → Plan. Pure: no I/O, no clock, no randomness, no logging; inputs are
 * never mutated; the same inputs (in any order) give a deep-equal plan.
 *
 * Steps: per desired topic (by name) configs, partitions and replica lists (./topic-diff.ts, ./topic-replicas.ts);
 * prune; the cluster-wide stage — decommission and rebalance (./cluster-stage.ts); safety checks, reassignment
 * preview, strict, order (./finish.ts).
 */
import type { ClusterState, TopicState } from '../model/cluster-state.js';
import type { DesiredState, TopicSpec } from '../model/desired-state.js';
import { currentLayout, NO_REASONS, runClusterStage, type TopicLayout } from './cluster-stage.js';
import { unmanagedConfigs } from './config-diff.js';
import { finishPlan } from './finish.js';
import { compareStrings, issue } from './issues.js';
import type { Plan, PlanAction, PlanIssue } from './plan.js';
import { createPlacementContext, resolvePlacement, type TopicPlacement } from './placement-context.js';
import { compileProtection } from './protection.js';
import type { ReassignmentOptions } from './reassignment/index.js';
import { planExistingTopic, planNewTopic, type TopicPlan } from './topic-diff.js';
import type { ReplicaPlan } from './topic-replicas.js';

export interface PlanOptions extends ReassignmentOptions {
  /** Delete cluster topics that are not in the desired state; overrides desired.prune. */
  readonly prune?: boolean;
  /** Warnings become errors. */
  readonly strict?: boolean;
  /** Brokers to empty (decommission): every replica that may move leaves them; they receive nothing. */
  readonly excludedBrokers?: readonly number[];
  /** Bring every broker within ±1 replica and ±1 preferred leader (per topic as far as possible). */
  readonly rebalance?: boolean;
}

/** Desired topics by name; names given more than once are reported and left out of planning. */
function indexDesired(topics: readonly TopicSpec[], errors: PlanIssue[]): { byName: Map<string, TopicSpec>; duplicates: Set<string> } {
  // One pass, no list per name: repeated names are rare, their specs are gathered afterwards.
  const byName = new Map<string, TopicSpec>();
  const duplicates = new Set<string>();
  for (const spec of topics) {
    if (byName.has(spec.name)) duplicates.add(spec.name);
    else byName.set(spec.name, spec);
  }
  if (duplicates.size === 0) return { byName, duplicates };
  const repeated = new Map<string, TopicSpec[]>();
  for (const spec of topics) {
    if (!duplicates.has(spec.name)) continue;
    const specs = repeated.get(spec.name);
    if (specs) specs.push(spec);
    else repeated.set(spec.name, [spec]);
  }
  for (const [name, specs] of repeated) {
    byName.delete(name);
    const places = specs
      .map((s) => (s.source ? `${s.source.file}:${s.source.line}` : 'unknown file'))
      .sort(compareStrings);
    errors.push(issue('duplicate-topic', name, `topic is defined ${specs.length} times (${places.join(', ')}); define it once`));
  }
  return { byName, duplicates };
}

/** The excluded broker ids, deduplicated and sorted; ids the cluster has never heard of get a warning. */
export function excludedBrokers(actual: ClusterState, ids: readonly number[] | undefined, warnings: PlanIssue[]): number[] {
  const wanted = [...new Set(ids ?? [])].sort((a, b) => a - b);
  if (wanted.length === 0) return wanted;
  const known = new Set(actual.brokers.map((b) => b.id));
  if (wanted.some((id) => !known.has(id))) {
    // A broker missing from the metadata may still hold replicas (offline): excluding it is valid.
    for (const topic of Object.values(actual.topics)) for (const p of topic.partitions) for (const id of p.replicas) known.add(id);
  }
  for (const id of wanted) {
    if (!known.has(id)) warnings.push(issue('unknown-excluded-broker', undefined, `excludedBrokers lists broker ${id}, which the cluster does not have`));
  }
  return wanted;
}

export function plan(desired: DesiredState, actual: ClusterState, options: PlanOptions = {}): Plan {
  const prune = options.prune ?? desired.prune;
  const actions: PlanAction[] = [];
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];

  const protection = compileProtection(desired.protectedTopics);
  errors.push(...protection.errors);
  const unmanaged = unmanagedConfigs(desired.ignoredConfigs);
  const { byName, duplicates } = indexDesired(desired.topics, errors);
  const excluded = excludedBrokers(actual, options.excludedBrokers, warnings);

  const doomed = new Set<string>();
  if (prune) {
    for (const [name, current] of Object.entries(actual.topics)) {
      if (byName.has(name) || duplicates.has(name) || protection.isProtected(name, current)) continue;
      doomed.add(name);
      actions.push({ kind: 'delete-topic', topic: name, partitions: current.partitions.length });
    }
  }
  const clusterTopics = topicsOf(actual);
  const staying = doomed.size === 0 ? clusterTopics : clusterTopics.filter((t) => !doomed.has(t.name));
  const ctx = createPlacementContext(actual, staying, excluded, desired.defaultPlacement);

  const layouts: TopicLayout[] = [];
  const refused = new Set<string>(); // desired topics that are protected: reported, never planned
  for (const spec of [...byName.values()].sort(compareSpecs)) {
    const name = spec.name;
    const current = existingTopic(actual, name);
    if (protection.isProtected(name, current)) {
      const why = current?.internal === true ? 'it is a Kafka-internal topic' : 'it matches protectedTopics';
      errors.push(issue('protected-topic', name, `topic is protected (${why}); topicops never creates, changes or deletes it`, spec.source));
      refused.add(name);
      continue;
    }
    const placement = resolvePlacement(spec, ctx);
    if (current === undefined) {
      const result = planNewTopic(spec, placement, ctx, unmanaged);
      collect(result, actions, errors, warnings);
      layouts.push(newTopicLayout(name, result, placement));
    } else {
      const result = planExistingTopic(spec, current, placement, ctx, unmanaged);
      collect(result, actions, errors, warnings);
      layouts.push(existingTopicLayout(spec, current, placement, result.replicas));
    }
  }
  const unmanagedPlacement = resolvePlacement(undefined, ctx);
  for (const topic of staying) {
    if (byName.has(topic.name) && !refused.has(topic.name)) continue; // laid out above
    const movable = !duplicates.has(topic.name) && !protection.isProtected(topic.name, topic);
    layouts.push(currentLayout(topic, movable, unmanagedPlacement.rackRule));
  }

  const stage = runClusterStage(layouts, actual.brokers, { excluded, rebalance: options.rebalance ?? false });
  actions.push(...stage.actions);
  warnings.push(...stage.warnings);

  return finishPlan({
    actions,
    errors,
    warnings,
    actual,
    desired: refused.size === 0 ? byName : new Map([...byName].filter(([name]) => !refused.has(name))),
    isProtected: protection.isProtected,
    reassignmentOptions: reassignmentOptions(options),
    strict: options.strict ?? false,
  });
}

function compareSpecs(a: TopicSpec, b: TopicSpec): number {
  return compareStrings(a.name, b.name);
}

/** The cluster's topics (as Object.values; keys then lookups are quicker on a record of many thousand topics). */
function topicsOf(actual: ClusterState): TopicState[] {
  const names = Object.keys(actual.topics);
  const topics = new Array<TopicState>(names.length);
  for (let i = 0; i < names.length; i++) topics[i] = actual.topics[names[i]];
  return topics;
}

function existingTopic(actual: ClusterState, name: string): TopicState | undefined {
  return Object.hasOwn(actual.topics, name) ? actual.topics[name] : undefined;
}

/** Adds one topic's actions and issues to the plan's (no spread: most topics have none). */
function collect(result: TopicPlan, actions: PlanAction[], errors: PlanIssue[], warnings: PlanIssue[]): void {
  for (const action of result.actions) actions.push(action);
  for (const error of result.errors) errors.push(error);
  for (const warning of result.warnings) warnings.push(warning);
}

function newTopicLayout(name: string, result: TopicPlan, placement: TopicPlacement): TopicLayout {
  const create = result.actions.find((a) => a.kind === 'create-topic');
  const lists = create?.kind === 'create-topic' ? (create.replicaAssignment ?? []) : [];
  return { name, current: [], lists, sizes: [], movable: false, rackRule: placement.rackRule, reasons: NO_REASONS };
}

/** An existing topic's layout; its lists are the cluster's own arrays when per-topic placement changed nothing. */
function existingTopicLayout(spec: TopicSpec, current: TopicState, placement: TopicPlacement, replicas: ReplicaPlan | undefined): TopicLayout {
  if (replicas === undefined) return currentLayout(current, false, placement.rackRule);
  // balanced and rack-aware promise a topic within ±1 per broker: the cluster stage mends one that is not.
  const movable = placement.strategy !== 'static';
  const layout = currentLayout(current, movable, placement.rackRule, spec.brokers, movable);
  if (replicas.lists === undefined) return layout;
  return {
    ...layout,
    lists: replicas.added.length === 0 ? replicas.lists : [...replicas.lists, ...replicas.added],
    reasons: replicas.reasons,
  };
}

/** The options planReassignment takes, without the keys plan() adds. */
export function reassignmentOptions(options: ReassignmentOptions): ReassignmentOptions {
  const out: { -readonly [K in keyof ReassignmentOptions]: ReassignmentOptions[K] } = {};
  if (options.throttleBytesPerSec !== undefined) out.throttleBytesPerSec = options.throttleBytesPerSec;
  if (options.maxMovesPerBroker !== undefined) out.maxMovesPerBroker = options.maxMovesPerBroker;
  if (options.maxBytesPerBatch !== undefined) out.maxBytesPerBatch = options.maxBytesPerBatch;
  if (options.budgetBytes !== undefined) out.budgetBytes = options.budgetBytes;
  return out;
}
