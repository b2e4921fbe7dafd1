/**
 * Executes a plan's partition reassignment, batch by batch, the way kafka-reassign-partitions does (KIP-455):
 *
 * 1. set the batch's throttles exactly as the planner computed them (IncrementalAlterConfigs SET: rates on each
 *    involved broker, sent to that broker; throttled-replica lists on each topic);
 * 2. AlterPartitionReassignments with the batch's target replica lists;
 * 3. poll ListPartitionReassignments until none of the batch's partitions is still moving;
 * 4. ElectLeaders PREFERRED for moves that change the preferred leader (a reassignment keeps a leader that stays);
 * 5. remove the batch's throttles (IncrementalAlterConfigs DELETE) — always, also when a step failed.
 *
 * Running it again after a crash resumes: a target already being moved is simply given again (Kafka accepts the
 * same target), throttles are set again and removed at the end.
 */
import type { Logger } from 'pino';
import type { PlannedMove, Reassignment, ReassignmentBatch, ThrottleConfigs } from '../planner/reassignment/types.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode, KafkaProtocolError, kafkaError } from '../protocol/errors.js';
import type { AlterPartitionReassignmentsResponse } from '../protocol/generated/AlterPartitionReassignmentsResponse.js';
import type { ElectLeadersResponse } from '../protocol/generated/ElectLeadersResponse.js';
import type { IncrementalAlterConfigsResponse } from '../protocol/generated/IncrementalAlterConfigsResponse.js';
import type { ListPartitionReassignmentsResponse } from '../protocol/generated/ListPartitionReassignmentsResponse.js';
import { BrokerConnections } from './broker-connections.js';
import type { ClusterConnection } from './connection.js';

const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;
const OP_SET = 0;
const OP_DELETE = 1;
const PREFERRED = 0;

export interface ReassignmentProgress {
  readonly batch: number;
  readonly batches: number;
  /** Moves finished so far, over all batches. */
  readonly done: number;
  readonly total: number;
}

export interface ExecuteReassignmentOptions {
  readonly logger: Logger;
  /** How often ListPartitionReassignments is asked while a batch moves (default 500 ms). */
  readonly pollIntervalMs?: number;
  readonly onProgress?: (p: ReassignmentProgress) => void;
  /** Called once per move when it has finished (its batch completed and leadership was settled). */
  readonly onMoveDone?: (move: PlannedMove) => void;
}

/** A step of a reassignment failed; `movesDone` moves had finished before it. */
export class ReassignmentFailedError extends Error {
  constructor(
    readonly batch: number,
    readonly movesDone: number,
    reason: string,
  ) {
    super(`partition reassignment batch ${batch} failed: ${reason}`);
    this.name = 'ReassignmentFailedError';
  }
}

export async function executeReassignment(reassignment: Reassignment, conn: ClusterConnection, opts: ExecuteReassignmentOptions): Promise<void> {
  const brokers = new BrokerConnections(conn);
  const total = reassignment.batches.reduce((n, b) => n + b.moves.length, 0);
  let done = 0;
  try {
    for (const batch of reassignment.batches) {
      opts.logger.info({ batch: batch.index, moves: batch.moves.length, bytes: batch.bytes }, `reassignment batch ${batch.index}/${reassignment.batches.length}`);
      try {
        await runBatch(batch, conn, brokers, opts, (n) => opts.onProgress?.({ batch: batch.index, batches: reassignment.batches.length, done: done + n, total }));
      } catch (err) {
        throw err instanceof ReassignmentFailedError ? err : new ReassignmentFailedError(batch.index, done, (err as Error).message);
      }
      done += batch.moves.length;
      for (const m of batch.moves) opts.onMoveDone?.(m);
    }
  } finally {
    await brokers.close();
  }
}

async function runBatch(batch: ReassignmentBatch, conn: ClusterConnection, brokers: BrokerConnections, opts: ExecuteReassignmentOptions, progress: (doneInBatch: number) => void): Promise<void> {
  const set: ThrottleResource[] = [];
  let failure: unknown = null;
  try {
    for (const r of throttleResources(batch.throttle)) {
      await alterThrottle(r, OP_SET, conn, brokers);
      set.push(r);
    }
    await alterReassignments(batch.moves, conn);
    await waitUntilMoved(batch.moves, conn, opts.pollIntervalMs ?? 500, progress);
    await electPreferred(batch.moves.filter((m) => m.leaderChange), conn, opts.logger);
  } catch (err) {
    failure = err;
  }
  // Every throttle this batch set comes off again, whatever happened.
  const left: string[] = [];
  for (const r of set) {
    try {
      await alterThrottle(r, OP_DELETE, conn, brokers);
    } catch (err) {
      left.push(`${r.label} (${(err as Error).message})`);
    }
  }
  if (left.length > 0) {
    const reason = `could not remove the replication throttles of ${left.join(', ')}; remove them with kafka-configs --delete-config`;
    throw new ReassignmentFailedError(batch.index, 0, failure ? `${(failure as Error).message}; also ${reason}` : reason);
  }
  if (failure) throw failure;
}

function checkCode(errorCode: number, errorMessage: string | null | undefined, what: string): void {
  if (errorCode !== ErrorCode.NONE) throw new Error(`${what}: ${kafkaError(errorCode).name}${errorMessage ? ` (${errorMessage})` : ''}`);
}

interface ThrottleResource {
  readonly resourceType: number;
  readonly resourceName: string;
  /** The broker the request must go to (BROKER resources); null = any. */
  readonly brokerId: number | null;
  readonly configs: Readonly<Record<string, string>>;
  readonly label: string;
}

function throttleResources(throttle: ThrottleConfigs | null): ThrottleResource[] {
  if (!throttle) return [];
  return [
    ...throttle.topics.map((t) => ({ resourceType: RESOURCE_TOPIC, resourceName: t.topic, brokerId: null, configs: t.configs, label: `topic ${t.topic}` })),
    ...throttle.brokers.map((b) => ({ resourceType: RESOURCE_BROKER, resourceName: String(b.brokerId), brokerId: b.brokerId, configs: b.configs, label: `broker ${b.brokerId}` })),
  ];
}

/** SETs or DELETEs one resource's throttle configs; a BROKER resource's request goes to that broker. */
async function alterThrottle(r: ThrottleResource, op: number, conn: ClusterConnection, brokers: BrokerConnections): Promise<void> {
  const target = r.brokerId === null ? await conn.protocol() : await brokers.to(r.brokerId);
  const configs = Object.entries(r.configs).map(([name, value]) => ({ name, configOperation: op, value: op === OP_SET ? value : null }));
  const { body } = await target.request<IncrementalAlterConfigsResponse>(ApiKey.IncrementalAlterConfigs, {
    validateOnly: false,
    resources: [{ resourceType: r.resourceType, resourceName: r.resourceName, configs }],
  });
  for (const res of body.responses) checkCode(res.errorCode, res.errorMessage, `${op === OP_SET ? 'setting' : 'removing'} the throttle configs of ${r.label}`);
}

function byTopic(moves: readonly PlannedMove[]): Map<string, PlannedMove[]> {
  const out = new Map<string, PlannedMove[]>();
  for (const m of moves) out.set(m.topic, [...(out.get(m.topic) ?? []), m]);
  return out;
}

async function alterReassignments(moves: readonly PlannedMove[], conn: ClusterConnection): Promise<void> {
  const protocol = await conn.protocol();
  const { body } = await protocol.request<AlterPartitionReassignmentsResponse>(ApiKey.AlterPartitionReassignments, {
    timeoutMs: 30_000,
    topics: [...byTopic(moves)].map(([name, ms]) => ({ name, partitions: ms.map((m) => ({ partitionIndex: m.partition, replicas: [...m.to] })) })),
  });
  checkCode(body.errorCode, body.errorMessage, 'AlterPartitionReassignments');
  for (const t of body.responses) for (const p of t.partitions) checkCode(p.errorCode, p.errorMessage, `moving ${t.name}-${p.partitionIndex}`);
}

async function waitUntilMoved(moves: readonly PlannedMove[], conn: ClusterConnection, pollIntervalMs: number, progress: (doneInBatch: number) => void): Promise<void> {
  const protocol = await conn.protocol();
  const topics = [...byTopic(moves)].map(([name, ms]) => ({ name, partitionIndexes: ms.map((m) => m.partition) }));
  for (;;) {
    const { body } = await protocol.request<ListPartitionReassignmentsResponse>(ApiKey.ListPartitionReassignments, { timeoutMs: 30_000, topics });
    checkCode(body.errorCode, body.errorMessage, 'ListPartitionReassignments');
    const moving = body.topics.reduce((n, t) => n + t.partitions.length, 0);
    progress(moves.length - moving);
    if (moving === 0) return;
    await new Promise((r) => setTimeout(r, pollIntervalMs));
  }
}

async function electPreferred(moves: readonly PlannedMove[], conn: ClusterConnection, logger: Logger): Promise<void> {
  if (moves.length === 0) return;
  const protocol = await conn.protocol();
  const { body } = await protocol.request<ElectLeadersResponse>(ApiKey.ElectLeaders, {
    electionType: PREFERRED,
    timeoutMs: 30_000,
    topicPartitions: [...byTopic(moves)].map(([topic, ms]) => ({ topic, partitions: ms.map((m) => m.partition) })),
  });
  if (body.errorCode !== undefined && body.errorCode !== ErrorCode.NONE) throw new KafkaProtocolError(body.errorCode);
  for (const t of body.replicaElectionResults) {
    for (const p of t.partitionResult) {
      if (p.errorCode === ErrorCode.NONE || p.errorCode === ErrorCode.ELECTION_NOT_NEEDED) continue;
      // The data moved; only leadership is not where the plan wants it (the preferred replica is not in sync yet).
      logger.warn({ topic: t.topic, partition: p.partitionId, error: kafkaError(p.errorCode).name }, `${t.topic}-${p.partitionId}: the preferred leader could not be elected; run the election again later`);
    }
  }
}
