/** The shared front half of plan, apply and rebalance: load the spec, connect, read the cluster, plan. */
import { plan as makePlan, type Plan } from '../planner/index.js';
import type { ClusterState } from '../model/cluster-state.js';
import { describeTarget, openCluster, readClusterState, type ClusterConnection } from '../reconciler/index.js';
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
  return withClusterState(ctx, loaded, async (conn, state) => {
    const plan = makePlan(loaded.desired, state, withoutUndefined(flags));
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
