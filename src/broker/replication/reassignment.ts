/**
 * Partition reassignment as Kafka's KRaft controller does it (KIP-455, PartitionReassignmentReplicas), as pure
 * functions over a partition record:
 *
 * - start: the replica set becomes target + (original − target); `addingReplicas` = target − original,
 *   `removingReplicas` = original − target; the ISR is unchanged. New replicas copy the log by fetching.
 *   A new target for a partition already moving replaces the old one, starting from the same original set.
 * - complete (checked after every ISR change): once every target replica is in the ISR, the replica set becomes
 *   the target, removed replicas leave the ISR, and if the leader is being removed (or is not in the ISR) the
 *   first target replica in the ISR leads.
 * - cancel: back to the original replica set; added replicas leave the ISR; a leader among them hands over.
 *
 * Logs of replicas the metadata no longer assigns are deleted by ReplicaLogs.reconcile.
 */
import type { PartitionChange } from '../model/cluster-model.js';
import type { PartitionRecord } from '../model/types.js';

export function isReassigning(p: PartitionRecord): boolean {
  return (p.addingReplicas?.length ?? 0) > 0 || (p.removingReplicas?.length ?? 0) > 0;
}

/** The replica set before the ongoing reassignment (the current set when none is ongoing). */
export function originalReplicas(p: PartitionRecord): number[] {
  const adding = p.addingReplicas ?? [];
  return p.replicas.filter((r) => !adding.includes(r));
}

/** The target replica set of the ongoing reassignment (the current set when none is ongoing). */
export function targetReplicas(p: PartitionRecord): number[] {
  const removing = p.removingReplicas ?? [];
  return p.replicas.filter((r) => !removing.includes(r));
}

export function startReassignment(p: PartitionRecord, target: readonly number[]): PartitionChange {
  const original = originalReplicas(p);
  const adding = target.filter((r) => !original.includes(r));
  const removing = original.filter((r) => !target.includes(r));
  const replicas = [...target, ...removing];
  const isr = p.isr.filter((r) => replicas.includes(r));
  return { replicas, isr: isr.length > 0 ? isr : p.isr, addingReplicas: adding, removingReplicas: removing };
}

/** The change that ends the reassignment when every target replica is in the ISR; null while it is not. */
export function completeReassignment(p: PartitionRecord, online: (id: number) => boolean): PartitionChange | null {
  if (!isReassigning(p)) return null;
  const target = targetReplicas(p);
  if (!target.every((r) => p.isr.includes(r))) return null;
  const isr = p.isr.filter((r) => target.includes(r));
  const leader = target.includes(p.leader) && isr.includes(p.leader) ? p.leader : (target.find((r) => isr.includes(r) && online(r)) ?? -1);
  return { replicas: target, isr, leader, addingReplicas: [], removingReplicas: [] };
}

export function cancelReassignment(p: PartitionRecord, online: (id: number) => boolean): PartitionChange {
  const original = originalReplicas(p);
  const remaining = p.isr.filter((r) => original.includes(r));
  const isr = remaining.length > 0 ? remaining : p.isr;
  const leader = original.includes(p.leader) ? p.leader : (original.find((r) => isr.includes(r) && online(r)) ?? -1);
  return { replicas: original, isr, leader, addingReplicas: [], removingReplicas: [] };
}
