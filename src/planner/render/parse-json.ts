/**
 * parsePlanJson(text) → SavedPlan: reads a plan saved with `--out plan.json` (renderPlanJson's format) back, checking
 * every field apply relies on; anything else is a PlanFileError naming the JSON path. The reassignment preview is
 * derived data: only its options are read back (the caller recomputes the preview from the cluster state, which the
 * fingerprint check has shown to be the one the plan was made from). Pure.
 */
import { compileProtection } from '../protection.js';
import { checkPlanSafety } from '../safety.js';
import {
  PLAN_FORMAT_VERSION,
  REASSIGN_REASONS,
  type ConfigChange,
  type PartitionMove,
  type Plan,
  type PlanAction,
  type PlanIssue,
  type ReassignReason,
} from '../plan.js';
import type { ClusterState } from '../../model/cluster-state.js';
import { planReassignment } from '../reassignment/plan-reassignment.js';
import type { ReassignmentOptions } from '../reassignment/types.js';

export class PlanFileError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`not a topicops plan: ${path}: ${detail}`);
    this.name = 'PlanFileError';
  }
}

export interface SavedPlan {
  /** The plan without its reassignment preview (see reassignmentOptions). */
  readonly plan: Plan;
  /** The options the preview was computed with; undefined when the plan had no reassignment. */
  readonly reassignmentOptions?: ReassignmentOptions;
}

type Obj = { readonly [key: string]: unknown };

function obj(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PlanFileError(path, 'expected an object');
  return value as Obj;
}

function arr(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new PlanFileError(path, 'expected an array');
  return value;
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new PlanFileError(path, 'expected a string');
  return value;
}

function strOrNull(value: unknown, path: string): string | null {
  return value === null ? null : str(value, path);
}

function int(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new PlanFileError(path, `expected a whole number ≥ ${min}`);
  return value;
}

function intOrNull(value: unknown, path: string, min: number): number | null {
  return value === null || value === undefined ? null : int(value, path, min);
}

function ids(value: unknown, path: string): number[] {
  return arr(value, path).map((v, i) => int(v, `${path}[${i}]`));
}

function lists(value: unknown, path: string): number[][] {
  return arr(value, path).map((v, i) => ids(v, `${path}[${i}]`));
}

function stringRecord(value: unknown, path: string): Record<string, string> {
  const o = obj(value, path);
  const out: Record<string, string> = {};
  for (const key of Object.keys(o)) out[key] = str(o[key], `${path}.${key}`);
  return out;
}

function change(value: unknown, path: string): ConfigChange {
  const o = obj(value, path);
  const c = { name: str(o.name, `${path}.name`), from: strOrNull(o.from, `${path}.from`), to: strOrNull(o.to, `${path}.to`) };
  return o.defaultValue === undefined ? c : { ...c, defaultValue: strOrNull(o.defaultValue, `${path}.defaultValue`) };
}

function move(value: unknown, path: string): PartitionMove {
  const o = obj(value, path);
  return {
    topic: str(o.topic, `${path}.topic`),
    partition: int(o.partition, `${path}.partition`),
    from: ids(o.from, `${path}.from`),
    to: ids(o.to, `${path}.to`),
    sizeBytes: int(o.sizeBytes, `${path}.sizeBytes`),
  };
}

function reason(value: unknown, path: string): ReassignReason {
  const text = str(value, path);
  if (!(REASSIGN_REASONS as readonly string[]).includes(text)) throw new PlanFileError(path, `expected one of ${REASSIGN_REASONS.join(', ')}`);
  return text as ReassignReason;
}

function action(value: unknown, path: string): PlanAction {
  const o = obj(value, path);
  const topic = str(o.topic, `${path}.topic`);
  const assignment = (key: string) => (o[key] === undefined ? {} : { replicaAssignment: lists(o[key], `${path}.${key}`) });
  switch (o.kind) {
    case 'create-topic':
      return {
        kind: 'create-topic',
        topic,
        partitions: int(o.partitions, `${path}.partitions`, 1),
        replicationFactor: int(o.replicationFactor, `${path}.replicationFactor`, 1),
        configs: stringRecord(o.configs, `${path}.configs`),
        ...assignment('replicaAssignment'),
      };
    case 'update-configs':
      return { kind: 'update-configs', topic, changes: arr(o.changes, `${path}.changes`).map((c, i) => change(c, `${path}.changes[${i}]`)) };
    case 'add-partitions':
      return { kind: 'add-partitions', topic, from: int(o.from, `${path}.from`, 1), to: int(o.to, `${path}.to`, 1), ...assignment('replicaAssignment') };
    case 'reassign-partitions':
      return {
        kind: 'reassign-partitions',
        topic,
        reason: reason(o.reason, `${path}.reason`),
        moves: arr(o.moves, `${path}.moves`).map((m, i) => move(m, `${path}.moves[${i}]`)),
      };
    case 'delete-topic':
      return { kind: 'delete-topic', topic, partitions: int(o.partitions, `${path}.partitions`) };
    default:
      throw new PlanFileError(`${path}.kind`, 'expected create-topic, update-configs, add-partitions, reassign-partitions or delete-topic');
  }
}

function planIssue(value: unknown, path: string): PlanIssue {
  const o = obj(value, path);
  const out: { -readonly [K in keyof PlanIssue]: PlanIssue[K] } = { code: str(o.code, `${path}.code`), message: str(o.message, `${path}.message`) };
  if (o.topic !== undefined) out.topic = str(o.topic, `${path}.topic`);
  if (o.source !== undefined) {
    const s = obj(o.source, `${path}.source`);
    out.source = { file: str(s.file, `${path}.source.file`), line: int(s.line, `${path}.source.line`), column: int(s.column, `${path}.source.column`) };
  }
  return out;
}

function reassignmentOptions(value: unknown, path: string): ReassignmentOptions {
  const o = obj(obj(value, path).options, `${path}.options`);
  const out: { -readonly [K in keyof ReassignmentOptions]: ReassignmentOptions[K] } = {};
  const throttle = intOrNull(o.throttleBytesPerSec, `${path}.options.throttleBytesPerSec`, 1);
  const moves = intOrNull(o.maxMovesPerBroker, `${path}.options.maxMovesPerBroker`, 1);
  const batch = intOrNull(o.maxBytesPerBatch, `${path}.options.maxBytesPerBatch`, 1);
  const budget = intOrNull(o.budgetBytes, `${path}.options.budgetBytes`, 0);
  if (throttle !== null) out.throttleBytesPerSec = throttle;
  if (moves !== null) out.maxMovesPerBroker = moves;
  if (batch !== null) out.maxBytesPerBatch = batch;
  if (budget !== null) out.budgetBytes = budget;
  return out;
}

export function parsePlanJson(text: string): SavedPlan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new PlanFileError('(file)', `invalid JSON: ${(err as Error).message}`);
  }
  const o = obj(doc, '(top level)');
  if (o.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError('formatVersion', `expected ${PLAN_FORMAT_VERSION}, got ${JSON.stringify(o.formatVersion)}`);
  }
  const fingerprint = str(o.clusterFingerprint, 'clusterFingerprint');
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new PlanFileError('clusterFingerprint', 'expected 64 hexadecimal digits');
  const summary = obj(o.summary, 'summary');
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    clusterFingerprint: fingerprint,
    actions: arr(o.actions, 'actions').map((a, i) => action(a, `actions[${i}]`)),
    errors: arr(o.errors, 'errors').map((e, i) => planIssue(e, `errors[${i}]`)),
    warnings: arr(o.warnings, 'warnings').map((w, i) => planIssue(w, `warnings[${i}]`)),
    summary: {
      create: int(summary.create, 'summary.create'),
      update: int(summary.update, 'summary.update'),
      delete: int(summary.delete, 'summary.delete'),
    },
  };
  if (o.reassignment === undefined) return { plan };
  return { plan, reassignmentOptions: reassignmentOptions(o.reassignment, 'reassignment') };
}

/**
 * The saved plan with its reassignment preview recomputed against `state` (the cluster the plan was made from, as the
 * fingerprint check shows): same moves, same options, so the same batches and throttles; issues are already in the plan.
 */
export function restoreSavedPlan(saved: SavedPlan, state: ClusterState, protectedTopics: readonly string[] = ['^__']): Plan {
  // The file is not trusted: the safety checks run again (a hand-edited plan must not delete a protected topic).
  const protection = compileProtection(protectedTopics);
  const safety = checkPlanSafety({ actions: saved.plan.actions, actual: state, desired: new Map(), isProtected: protection.isProtected });
  const known = new Set(saved.plan.errors.map((e) => `${e.code}|${e.topic ?? ''}|${e.message}`));
  const added = [...protection.errors, ...safety.errors].filter((e) => !known.has(`${e.code}|${e.topic ?? ''}|${e.message}`));
  const plan = added.length === 0 ? saved.plan : { ...saved.plan, errors: [...saved.plan.errors, ...added] };
  const moves = plan.actions.flatMap((a) => (a.kind === 'reassign-partitions' ? a.moves : []));
  if (moves.length === 0) return plan;
  return { ...plan, reassignment: planReassignment({ moves, state, options: saved.reassignmentOptions ?? {} }) };
}
