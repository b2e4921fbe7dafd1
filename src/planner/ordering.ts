/** Deterministic ordering of plan actions and the summary counts. */
import type { PlanAction, PlanActionKind, PlanSummary } from './plan.js';
import { compareStrings } from './issues.js';

/**
 * Order of action kinds within one topic: create, update configs, reassign, add partitions, delete. Reassignment
 * comes before add-partitions: with a replication-factor change the new partitions have the NEW factor, and Kafka
 * only accepts new partitions whose replica count matches partition 0's.
 */
export const ACTION_KIND_ORDER: readonly PlanActionKind[] = [
  'create-topic',
  'update-configs',
  'reassign-partitions',
  'add-partitions',
  'delete-topic',
];

export function compareActions(a: PlanAction, b: PlanAction): number {
  return compareStrings(a.topic, b.topic) || ACTION_KIND_ORDER.indexOf(a.kind) - ACTION_KIND_ORDER.indexOf(b.kind);
}

/** create = topics created, delete = topics deleted, update = topics with any other action (each topic once). */
export function summarise(actions: readonly PlanAction[]): PlanSummary {
  const created = new Set<string>();
  const updated = new Set<string>();
  const deleted = new Set<string>();
  for (const action of actions) {
    if (action.kind === 'create-topic') created.add(action.topic);
    else if (action.kind === 'delete-topic') deleted.add(action.topic);
    else updated.add(action.topic);
  }
  return { create: created.size, update: updated.size, delete: deleted.size };
}
