/** The shared front half of plan and apply: load the spec, connect, read the cluster, plan. */
import { plan as makePlan, type Plan } from '../planner/index.js';
import type { ClusterState } from '../model/cluster-state.js';
import { describeTarget, openCluster, readClusterState, type ClusterConnection } from '../reconciler/index.js';
import type { LoadResult } from '../spec/index.js';
import { loadValidProject, resolveTarget, type CommandContext } from './context.js';
import { EXIT, ExitError } from './exit.js';

export interface PlanSession {
  readonly loaded: LoadResult;
  readonly conn: ClusterConnection;
  readonly state: ClusterState;
  readonly plan: Plan;
}

export interface PlanFlags {
  readonly prune?: boolean;
}

/** Opens the cluster and plans. The caller must `conn.close()` (use withPlanSession). */
export async function withPlanSession<T>(ctx: CommandContext, flags: PlanFlags, body: (s: PlanSession) => Promise<T>): Promise<T> {
  const loaded = await loadValidProject(ctx);
  const target = resolveTarget(ctx, loaded);
  ctx.logger.info({ target: describeTarget(target) }, 'connecting');
  let conn: ClusterConnection;
  try {
    conn = await openCluster(target, { logger: ctx.logger });
  } catch (err) {
    throw new ExitError(EXIT.error, (err as Error).message);
  }
  try {
    const state = await readClusterState(conn);
    const plan = makePlan(loaded.desired, state, flags.prune === undefined ? {} : { prune: flags.prune });
    return await body({ loaded, conn, state, plan });
  } finally {
    await conn.close();
  }
}

export function topicsLabel(loaded: LoadResult): string {
  const rel = loaded.project.topicsDir.startsWith(loaded.project.dir)
    ? loaded.project.topicsDir.slice(loaded.project.dir.length).replace(/^\//, '')
    : loaded.project.topicsDir;
  return `${rel || '.'}/`;
}
