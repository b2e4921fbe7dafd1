/**
 * Stable JSON rendering of a Plan: keys in a fixed order (formatVersion, clusterFingerprint first), config maps sorted by name,
 * optional fields omitted when absent, two-space indentation, no trailing newline. Format: ../README.md.
 */
import type { ConfigChange, PartitionMove, Plan, PlanAction, PlanIssue } from '../plan.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function sortedRecord(record: Readonly<Record<string, string>>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

function changeJson(c: ConfigChange): Json {
  const out: { [key: string]: Json } = { name: c.name, from: c.from, to: c.to };
  if (c.defaultValue !== undefined) out.defaultValue = c.defaultValue;
  return out;
}

function moveJson(m: PartitionMove): Json {
  return { topic: m.topic, partition: m.partition, from: [...m.from], to: [...m.to], sizeBytes: m.sizeBytes };
}

function actionJson(a: PlanAction): Json {
  switch (a.kind) {
    case 'create-topic': {
      const out: { [key: string]: Json } = {
        kind: a.kind,
        topic: a.topic,
        partitions: a.partitions,
        replicationFactor: a.replicationFactor,
        configs: sortedRecord(a.configs),
      };
      if (a.replicaAssignment !== undefined) out.replicaAssignment = a.replicaAssignment.map((r) => [...r]);
      return out;
    }
    case 'update-configs':
      return { kind: a.kind, topic: a.topic, changes: a.changes.map(changeJson) };
    case 'add-partitions': {
      const out: { [key: string]: Json } = { kind: a.kind, topic: a.topic, from: a.from, to: a.to };
      if (a.replicaAssignment !== undefined) out.replicaAssignment = a.replicaAssignment.map((r) => [...r]);
      return out;
    }
    case 'reassign-partitions':
      return { kind: a.kind, topic: a.topic, reason: a.reason, moves: a.moves.map(moveJson) };
    case 'delete-topic':
      return { kind: a.kind, topic: a.topic, partitions: a.partitions };
  }
}

function issueJson(i: PlanIssue): Json {
  const out: { [key: string]: Json } = { code: i.code };
  if (i.topic !== undefined) out.topic = i.topic;
  out.message = i.message;
  if (i.source !== undefined) out.source = { file: i.source.file, line: i.source.line, column: i.source.column };
  return out;
}

export function renderPlanJson(plan: Plan): string {
  const doc: { [key: string]: Json } = {
    formatVersion: plan.formatVersion,
    clusterFingerprint: plan.clusterFingerprint,
    summary: { create: plan.summary.create, update: plan.summary.update, delete: plan.summary.delete },
    actions: plan.actions.map(actionJson),
    errors: plan.errors.map(issueJson),
    warnings: plan.warnings.map(issueJson),
  };
  // The reassignment preview is plain data built with a fixed key order by planReassignment.
  if (plan.reassignment !== undefined) doc.reassignment = JSON.parse(JSON.stringify(plan.reassignment)) as Json;
  return JSON.stringify(doc, null, 2);
}
