/**
 * Executes a plan over the Kafka admin protocol. Two passes: first every change is sent with validateOnly
 * (CreateTopics, CreatePartitions, IncrementalAlterConfigs), so a change the cluster would refuse stops
 * the apply before anything is changed; then the changes are made in order (creates, config updates,
 * partition additions, deletions). Returns what it did; throws typed errors naming what failed.
 */
import type { Logger } from 'pino';
import type { CreateTopicAction, Plan, PlanAction, ReassignPartitionsAction, UpdateConfigsAction } from '../planner/plan.js';
import type { CreateTopicsResponse } from '../protocol/generated/CreateTopicsResponse.js';
import type { Reassignment } from '../planner/reassignment/types.js';
import { ApiKey } from '../protocol/api-keys.js';
import { KafkaProtocolError } from '../protocol/errors.js';
import type { IncrementalAlterConfigsResponse } from '../protocol/generated/IncrementalAlterConfigsResponse.js';
import type { ClusterConnection } from './connection.js';
import { ApplyFailedError, ApplyValidationError, PlanRefusedError, describeKafkaError } from './errors.js';
import { executeReassignment, type ReassignmentProgress } from './execute-reassignment.js';
import { recordOwnership } from './record-ownership.js';

const RESOURCE_TOPIC = 2;
const OP_SET = 0;
const OP_DELETE = 1;
const EXECUTION_ORDER: readonly PlanAction['kind'][] = [
  'create-topic',
  'update-configs',
  'add-partitions',
  'delete-topic',
  'reassign-partitions',
];

export interface ApplyProgress {
  readonly done: number;
  readonly total: number;
  readonly action: PlanAction;
}

export interface ApplyOptions {
  readonly logger: Logger;
  readonly onProgress?: (p: ApplyProgress) => void;
  /** Partition moves finished, while a reassignment runs. */
  readonly onReassignmentProgress?: (p: ReassignmentProgress) => void;
  /** How often a running reassignment is checked (default 500 ms). */
  readonly reassignmentPollMs?: number;
  readonly timeoutMs?: number;
}

export interface ApplyResult {
  readonly applied: readonly PlanAction[];
}

export async function applyPlan(plan: Plan, conn: ClusterConnection, opts: ApplyOptions): Promise<ApplyResult> {
  if (plan.errors.length > 0) throw new PlanRefusedError(plan.errors);
  const actions = [...plan.actions].sort((a, b) => EXECUTION_ORDER.indexOf(a.kind) - EXECUTION_ORDER.indexOf(b.kind));
  const reassigns = actions.filter((a): a is ReassignPartitionsAction => a.kind === 'reassign-partitions');
  if (reassigns.length > 0 && !plan.reassignment) {
    throw new PlanRefusedError(reassigns.map((a) => ({ code: 'reassignment-missing', topic: a.topic, message: `${a.topic}: the plan moves partitions but carries no reassignment batches` })));
  }

  const failures: { action: PlanAction; message: string }[] = [];
  for (const action of actions) {
    try {
      await execute(action, conn, true, opts);
    } catch (err) {
      failures.push({ action, message: describeKafkaError(err) });
    }
  }
  if (failures.length > 0) throw new ApplyValidationError(failures);

  const applied: PlanAction[] = [];
  const direct = actions.filter((a) => a.kind !== 'reassign-partitions');
  let failed: ApplyFailedError | null = null;
  for (const [i, action] of direct.entries()) {
    opts.logger.info({ action: action.kind, topic: action.topic }, `applying ${action.kind} ${action.topic}`);
    try {
      await execute(action, conn, false, opts);
    } catch (err) {
      failed = new ApplyFailedError(applied, action, [...direct.slice(i + 1), ...reassigns], describeKafkaError(err));
      break;
    }
    applied.push(action);
    opts.onProgress?.({ done: applied.length, total: actions.length, action });
  }
  // What was applied is recorded even when a later change failed (a failure to record is reported after that one).
  try {
    await recordOwnership(applied, conn, opts.logger);
  } catch (err) {
    if (failed) opts.logger.error({ err }, (err as Error).message);
    else throw err;
  }
  if (failed) throw failed;
  if (plan.reassignment && reassigns.length > 0) await reassign(plan.reassignment, reassigns, applied, actions.length, conn, opts);
  return { applied };
}

/** Runs the reassignment batches; a topic's action counts as applied once all of its moves are done. */
async function reassign(reassignment: Reassignment, reassigns: readonly ReassignPartitionsAction[], applied: PlanAction[], total: number, conn: ClusterConnection, opts: ApplyOptions): Promise<void> {
  const remaining = new Map(reassigns.map((a) => [a.topic, new Set(a.moves.map((m) => m.partition))]));
  const done = new Set<string>();
  try {
    await executeReassignment(reassignment, conn, {
      logger: opts.logger,
      pollIntervalMs: opts.reassignmentPollMs,
      onProgress: opts.onReassignmentProgress,
      onMoveDone: (move) => {
        const left = remaining.get(move.topic);
        left?.delete(move.partition);
        if (!left || left.size > 0 || done.has(move.topic)) return;
        done.add(move.topic);
        const action = reassigns.find((a) => a.topic === move.topic)!;
        applied.push(action);
        opts.onProgress?.({ done: applied.length, total, action });
      },
    });
  } catch (err) {
    const failed = reassigns.find((a) => !done.has(a.topic)) ?? reassigns[0];
    throw new ApplyFailedError(applied, failed, reassigns.filter((a) => a !== failed && !done.has(a.topic)), (err as Error).message);
  }
}

async function execute(action: PlanAction, conn: ClusterConnection, validateOnly: boolean, opts: ApplyOptions): Promise<void> {
  const timeout = opts.timeoutMs ?? 30000;
  switch (action.kind) {
    case 'create-topic': {
      // Our protocol client for the check: kafkajs drops the broker's error message, which says what is wrong.
      if (validateOnly) return validateCreate(action, conn, timeout);
      const assignment = action.replicaAssignment;
      await conn.admin.createTopics({
        validateOnly,
        timeout,
        waitForLeaders: !validateOnly,
        topics: [
          {
            topic: action.topic,
            ...(assignment
              ? { replicaAssignment: assignment.map((replicas, partition) => ({ partition, replicas: [...replicas] })) }
              : { numPartitions: action.partitions, replicationFactor: action.replicationFactor }),
            configEntries: Object.entries(action.configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      return;
    }
    case 'update-configs':
      return alterTopicConfigs(action, conn, validateOnly);
    case 'add-partitions':
      await conn.admin.createPartitions({
        validateOnly,
        timeout,
        topicPartitions: [
          {
            topic: action.topic,
            count: action.to,
            ...(action.replicaAssignment ? { assignments: action.replicaAssignment.map((r) => [...r]) } : {}),
          },
        ],
      });
      return;
    case 'delete-topic':
      if (validateOnly) return; // DeleteTopics has no validate-only mode; the planner already checked protection.
      await conn.admin.deleteTopics({ topics: [action.topic], timeout });
      return;
    case 'reassign-partitions':
      return; // no validate-only mode; executed in batches after every other change (executeReassignment)
  }
}

/** CreateTopics with validateOnly, answering Kafka's error code and message. */
async function validateCreate(action: CreateTopicAction, conn: ClusterConnection, timeoutMs: number): Promise<void> {
  const protocol = await conn.protocol();
  const assignment = action.replicaAssignment;
  const { body } = await protocol.request<CreateTopicsResponse>(ApiKey.CreateTopics, {
    validateOnly: true,
    timeoutMs,
    topics: [
      {
        name: action.topic,
        numPartitions: assignment ? -1 : action.partitions,
        replicationFactor: assignment ? -1 : action.replicationFactor,
        assignments: (assignment ?? []).map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds: [...brokerIds] })),
        configs: Object.entries(action.configs).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  for (const t of body.topics) {
    if (t.errorCode !== 0) throw new KafkaProtocolError(t.errorCode, t.errorMessage ?? undefined);
  }
}

/** IncrementalAlterConfigs (kafkajs only has the replace-everything AlterConfigs): SET and DELETE exactly the planned keys. */
async function alterTopicConfigs(action: UpdateConfigsAction, conn: ClusterConnection, validateOnly: boolean): Promise<void> {
  const protocol = await conn.protocol();
  const { body } = await protocol.request<IncrementalAlterConfigsResponse>(ApiKey.IncrementalAlterConfigs, {
    validateOnly,
    resources: [
      {
        resourceType: RESOURCE_TOPIC,
        resourceName: action.topic,
        configs: action.changes.map((c) =>
          c.to === null ? { name: c.name, configOperation: OP_DELETE, value: null } : { name: c.name, configOperation: OP_SET, value: c.to },
        ),
      },
    ],
  });
  for (const r of body.responses) {
    if (r.errorCode !== 0) throw new KafkaProtocolError(r.errorCode, r.errorMessage ?? undefined);
  }
}
