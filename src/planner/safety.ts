/**
 * Safety checks over a finished list of actions (pure): what the plan would do that loses data, blocks writes or
 * cannot work. Errors block apply; warnings are shown (the `strict` option makes them errors).
 *
 * - any action on a protected topic (error `protected-topic`; the planner never makes one — this guards edits);
 * - a replication factor below min.insync.replicas after the plan, for topics whose RF or min.insync.replicas the
 *   plan sets (error `replication-factor-below-min-insync`: every acks=all write would fail);
 * - a create / add-partitions assignment on an offline broker (error `move-to-offline-broker`);
 * - partitions added to a topic with keyed data (warning `keyed-partition-increase`): `TopicState.keyed`, or when
 *   unknown, a compacted cleanup.policy;
 * - cleanup.policy from compact to delete (warning `compact-to-delete`).
 */
import { replicationFactorOf, type ClusterState, type ConfigEntryState, type TopicState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import { TOPIC_CONFIGS } from '../model/topic-configs.js';
import { issue } from './issues.js';
import type { PlanAction, PlanIssue } from './plan.js';

export interface SafetyInput {
  readonly actions: readonly PlanAction[];
  readonly actual: ClusterState;
  /** Desired topics by name (those the plan manages). */
  readonly desired: ReadonlyMap<string, TopicSpec>;
  readonly isProtected: (name: string, actual: TopicState | undefined) => boolean;
}

export interface SafetyIssues {
  readonly errors: PlanIssue[];
  readonly warnings: PlanIssue[];
}

const MIN_ISR = 'min.insync.replicas';
const BROKER_SOURCES: readonly ConfigEntryState['source'][] = [
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
];

/**
 * The value a topic falls back to for a config: the broker-level value some topic in the cluster reports
 * (most specific source first, topics by name), else the catalogue default.
 */
export function clusterDefault(actual: ClusterState, name: string): { value: string | null; origin: string } {
  for (const source of BROKER_SOURCES) {
    for (const topicName of Object.keys(actual.topics).sort()) {
      const entry = actual.topics[topicName].configs[name];
      if (entry?.source === source && entry.value !== null) return { value: entry.value, origin: source };
    }
  }
  return { value: TOPIC_CONFIGS.get(name)?.default ?? null, origin: "Kafka's default" };
}

function hasCompact(policy: string | null | undefined): boolean {
  return (policy ?? '').split(',').some((p) => p.trim() === 'compact');
}

function current(actual: ClusterState, name: string): TopicState | undefined {
  return Object.hasOwn(actual.topics, name) ? actual.topics[name] : undefined;
}

interface TopicActions {
  create?: Extract<PlanAction, { kind: 'create-topic' }>;
  configs?: Extract<PlanAction, { kind: 'update-configs' }>;
  add?: Extract<PlanAction, { kind: 'add-partitions' }>;
  reassign?: Extract<PlanAction, { kind: 'reassign-partitions' }>;
}

function byTopic(actions: readonly PlanAction[]): Map<string, TopicActions> {
  const out = new Map<string, TopicActions>();
  for (const a of actions) {
    let entry = out.get(a.topic);
    if (entry === undefined) out.set(a.topic, (entry = {}));
    if (a.kind === 'create-topic') entry.create = a;
    else if (a.kind === 'update-configs') entry.configs = a;
    else if (a.kind === 'add-partitions') entry.add = a;
    else if (a.kind === 'reassign-partitions') entry.reassign = a;
  }
  return out;
}

/** min.insync.replicas after the plan, and where it comes from; null when the topic's RF and min ISR are not touched. */
function minIsrAfter(
  input: SafetyInput,
  topic: string,
  acts: TopicActions,
  fallback: () => { value: string | null; origin: string },
): { value: number; origin: string } | null {
  const change = acts.configs?.changes.find((c) => c.name === MIN_ISR);
  const rfChanges = acts.create !== undefined || acts.reassign?.reason === 'replication-factor';
  if (!rfChanges && change === undefined) return null;
  let text: string | null | undefined;
  let origin = '';
  if (acts.create !== undefined) {
    text = acts.create.configs[MIN_ISR];
  } else if (change !== undefined) {
    text = change.to;
  } else {
    const entry = current(input.actual, topic)?.configs[MIN_ISR];
    text = entry?.value;
    if (entry !== undefined && entry.source !== 'DYNAMIC_TOPIC_CONFIG') origin = ` (${entry.source})`;
  }
  if (text === null || text === undefined) {
    const def = fallback();
    text = def.value;
    origin = ` (${def.origin})`;
  }
  const value = Number(text ?? '1');
  return Number.isFinite(value) ? { value, origin } : null;
}

function replicationFactorAfter(input: SafetyInput, topic: string, acts: TopicActions): number {
  if (acts.create !== undefined) return acts.create.replicationFactor;
  const spec = input.desired.get(topic);
  if (spec !== undefined) return spec.replicationFactor;
  const actual = current(input.actual, topic);
  return actual === undefined ? 0 : replicationFactorOf(actual);
}

/** Offline brokers the topic's new partitions (create, add-partitions) would be placed on, sorted. */
function offlineReplicas(acts: TopicActions, offline: ReadonlySet<number>): number[] {
  const assignments = [...(acts.create?.replicaAssignment ?? []), ...(acts.add?.replicaAssignment ?? [])];
  return [...new Set(assignments.flat().filter((id) => offline.has(id)))].sort((a, b) => a - b);
}

export function checkPlanSafety(input: SafetyInput): SafetyIssues {
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const offline = new Set(input.actual.brokers.filter((b) => b.online === false).map((b) => b.id));
  let minIsrDefault: { value: string | null; origin: string } | undefined;
  const fallback = (): { value: string | null; origin: string } => (minIsrDefault ??= clusterDefault(input.actual, MIN_ISR));

  for (const [topic, acts] of byTopic(input.actions)) {
    const actual = current(input.actual, topic);
    const source = input.desired.get(topic)?.source;
    if (input.isProtected(topic, actual)) {
      errors.push(issue('protected-topic', topic, 'the plan would change or delete a protected topic; topicops never touches it', source));
      continue;
    }

    const minIsr = minIsrAfter(input, topic, acts, fallback);
    const rf = replicationFactorAfter(input, topic, acts);
    if (minIsr !== null && rf > 0 && rf < minIsr.value) {
      errors.push(
        issue('replication-factor-below-min-insync', topic, `replication factor ${rf} is below min.insync.replicas ${minIsr.value}${minIsr.origin}: every acks=all write would fail with NOT_ENOUGH_REPLICAS`, source),
      );
    }

    const down = offline.size === 0 ? [] : offlineReplicas(acts, offline);
    if (down.length > 0) {
      errors.push(issue('move-to-offline-broker', topic, `the new partitions' replicas include offline broker(s) ${down.join(', ')}`, source));
    }

    if (acts.add !== undefined && actual !== undefined) {
      const policy = input.desired.get(topic)?.config['cleanup.policy'] ?? actual.configs['cleanup.policy']?.value;
      const keyed = actual.keyed ?? hasCompact(policy);
      if (keyed) {
        const why = actual.keyed === true ? 'its records are keyed' : 'it is compacted, so treated as keyed';
        warnings.push(
          issue('keyed-partition-increase', topic, `partitions ${acts.add.from} → ${acts.add.to} on a topic with keyed data (${why}): keys will map to different partitions, breaking per-key order and the placement of compacted history`, source),
        );
      }
    }

    const policy = acts.configs?.changes.find((c) => c.name === 'cleanup.policy');
    if (policy !== undefined && hasCompact(policy.from)) {
      const to = policy.to ?? policy.defaultValue ?? 'delete';
      if (!hasCompact(to)) {
        warnings.push(
          issue('compact-to-delete', topic, `cleanup.policy ${policy.from} → ${to}: compaction stops and retention will delete the topic's history, including the latest value of every key`, source),
        );
      }
    }
  }
  return { errors, warnings };
}
