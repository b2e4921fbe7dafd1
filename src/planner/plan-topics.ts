/**
 * plan(desired, actual, options) → Plan. Pure: no I/O, no clock, no randomness, no logging; inputs are
 * never mutated; the same inputs (in any order) give a deep-equal plan.
 */
import type { ClusterState } from '../model/cluster-state.js';
import type { DesiredState, TopicSpec } from '../model/desired-state.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanAction, type PlanIssue } from './plan.js';
import { unmanagedConfigs } from './config-diff.js';
import { compareIssues, compareStrings, issue } from './issues.js';
import { compareActions, summarise } from './ordering.js';
import { compileProtection } from './protection.js';
import { planExistingTopic, planNewTopic } from './topic-diff.js';

export interface PlanOptions {
  /** Delete cluster topics that are not in the desired state; overrides desired.prune. */
  readonly prune?: boolean;
}

/** Desired topics by name; names given more than once are reported and left out of planning. */
function indexDesired(topics: readonly TopicSpec[], errors: PlanIssue[]): { byName: Map<string, TopicSpec>; duplicates: Set<string> } {
  const seen = new Map<string, TopicSpec[]>();
  for (const spec of topics) {
    const list = seen.get(spec.name);
    if (list) list.push(spec);
    else seen.set(spec.name, [spec]);
  }
  const byName = new Map<string, TopicSpec>();
  const duplicates = new Set<string>();
  for (const [name, specs] of seen) {
    if (specs.length === 1) {
      byName.set(name, specs[0]);
      continue;
    }
    duplicates.add(name);
    const places = specs
      .map((s) => (s.source ? `${s.source.file}:${s.source.line}` : 'unknown file'))
      .sort(compareStrings);
    errors.push(issue('duplicate-topic', name, `topic is defined ${specs.length} times (${places.join(', ')}); define it once`));
  }
  return { byName, duplicates };
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

  for (const [name, spec] of byName) {
    const current = Object.hasOwn(actual.topics, name) ? actual.topics[name] : undefined;
    if (protection.isProtected(name, current)) {
      const why = current?.internal === true ? 'it is a Kafka-internal topic' : 'it matches protectedTopics';
      errors.push(issue('protected-topic', name, `topic is protected (${why}); topicops never creates, changes or deletes it`, spec.source));
      continue;
    }
    const result = current === undefined ? planNewTopic(spec, actual, unmanaged) : planExistingTopic(spec, current, unmanaged);
    actions.push(...result.actions);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
  }

  if (prune) {
    for (const [name, current] of Object.entries(actual.topics)) {
      if (byName.has(name) || duplicates.has(name) || protection.isProtected(name, current)) continue;
      actions.push({ kind: 'delete-topic', topic: name, partitions: current.partitions.length });
    }
  }

  actions.sort(compareActions);
  errors.sort(compareIssues);
  warnings.sort(compareIssues);
  return { formatVersion: PLAN_FORMAT_VERSION, actions, errors, warnings, summary: summarise(actions) };
}
