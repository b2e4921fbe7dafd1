/** The shared front half of plan, apply and rebalance: load the spec, connect, read the cluster, plan. */
import { plan as makePlan, type Plan } from '../planner/index.js';
import type { ClusterState } from '../model/cluster-state.js';
import { describeTarget, openCluster, readClusterState, sampleKeyedTopics, type ClusterConnection } from '../reconciler/index.js';
import type { LoadResult } from '../spec/index.js';
import { loadValidProject, resolveTarget, type CommandContext } from './context.js';
import { EXIT, ExitError } from './exit.js';
import type { PlanningOptions } from './plan-flags.js';

export interface PlanSession {
  readonly loaded: LoadResult;
  readonly conn: ClusterConnection;
  readonly state: ClusterState;
  readonly plan: Plan;
}

export interface PlanFlags extends PlanningOptions {
  readonly prune?: boolean;
  readonly rebalance?: boolean;
}

/** Connects to the project's cluster (or --bootstrap), reads its state, runs `body`, and always closes the connection. */
export async function withClusterState<T>(
  ctx: CommandContext,
  loaded: LoadResult,
  body: (conn: ClusterConnection, state: ClusterState) => Promise<T>,
): Promise<T> {
  const target = resolveTarget(ctx, loaded);
  ctx.logger.info({ target: describeTarget(target) }, 'connecting');
  let conn: ClusterConnection;
  try {
    conn = await openCluster(target, { logger: ctx.logger });
  } catch (err) {
    throw new ExitError(EXIT.error, (err as Error).message);
  }
  try {
    const state = await readClusterState(conn, { logger: ctx.logger });
    return await body(conn, state);
  } finally {
    await conn.close();
  }
}

/** Loads a valid spec, opens the cluster and plans. */
export async function withPlanSession<T>(ctx: CommandContext, flags: PlanFlags, body: (s: PlanSession) => Promise<T>): Promise<T> {
  const loaded = await loadValidProject(ctx);
  return withClusterState(ctx, loaded, async (conn, read) => {
    const options = withoutUndefined(flags);
    let state = read;
    let plan = makePlan(loaded.desired, state, options);
    // Adding partitions to a topic with keyed records moves keys: find out (from its first records) and plan again.
    const compacted = (t: string) => (state.topics[t]?.configs['cleanup.policy']?.value ?? '').includes('compact');
    const unknown = plan.actions
      .filter((a) => a.kind === 'add-partitions' && state.topics[a.topic]?.keyed === undefined && !compacted(a.topic))
      .map((a) => a.topic);
    if (unknown.length > 0) {
      state = await sampleKeyedTopics(conn, state, unknown);
      // The fingerprint stays that of the state as read: `apply --plan` compares it with a fresh read, unsampled.
      plan = { ...makePlan(loaded.desired, state, options), clusterFingerprint: plan.clusterFingerprint };
    }
    return body({ loaded, conn, state, plan });
  });
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function topicsLabel(loaded: LoadResult): string {
  const rel = loaded.project.topicsDir.startsWith(loaded.project.dir)
    ? loaded.project.topicsDir.slice(loaded.project.dir.length).replace(/^\//, '')
    : loaded.project.topicsDir;
  return `${rel || '.'}/`;
}
