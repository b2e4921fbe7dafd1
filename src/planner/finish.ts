/**
 * The last steps shared by plan() and planRebalance(): safety checks, the reassignment preview (batches,
 * throttles, ETA) for every move, `strict`, deterministic order, summary and the cluster fingerprint.
 */
import type { ClusterState, TopicState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import { fingerprintClusterState } from './fingerprint.js';
import { compareIssues } from './issues.js';
import { compareActions, summarise } from './ordering.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanAction, type PlanIssue } from './plan.js';
import { planReassignment, type ReassignmentOptions } from './reassignment/index.js';
import { checkPlanSafety } from './safety.js';

export interface PlanParts {
  readonly actions: PlanAction[];
  readonly errors: PlanIssue[];
  readonly warnings: PlanIssue[];
  readonly actual: ClusterState;
  /** Desired topics by name (empty for a rebalance without YAML). */
  readonly desired: ReadonlyMap<string, TopicSpec>;
  readonly isProtected: (name: string, actual: TopicState | undefined) => boolean;
  readonly reassignmentOptions: ReassignmentOptions;
  /** Warnings become errors. */
  readonly strict: boolean;
}

function dedupe(issues: readonly PlanIssue[]): PlanIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.topic ?? ''}\u0000${i.code}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function finishPlan(parts: PlanParts): Plan {
  const { actions, actual } = parts;
  const safety = checkPlanSafety({ actions, actual, desired: parts.desired, isProtected: parts.isProtected });
  const errors = [...parts.errors, ...safety.errors];
  const warnings = [...parts.warnings, ...safety.warnings];

  actions.sort(compareActions);
  const moves = actions.flatMap((a) => (a.kind === 'reassign-partitions' ? a.moves : []));
  const reassignment = moves.length > 0 ? planReassignment({ moves, state: actual, options: parts.reassignmentOptions }) : undefined;
  if (reassignment !== undefined) {
    errors.push(...reassignment.errors);
    warnings.push(...reassignment.warnings);
  }
  if (parts.strict) errors.push(...warnings.splice(0));

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    clusterFingerprint: fingerprintClusterState(actual),
    actions,
    errors: dedupe(errors.sort(compareIssues)),
    warnings: dedupe(warnings.sort(compareIssues)),
    summary: summarise(actions),
    ...(reassignment !== undefined ? { reassignment } : {}),
  };
}
