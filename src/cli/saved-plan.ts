/**
 * `apply --plan plan.json`: reads a plan saved with `--out`, re-reads the cluster, and refuses when the cluster's
 * fingerprint is no longer the one the plan was made from (someone changed topics, configs, replicas or brokers in
 * between). Only topicops.yaml matters here (which cluster); the topics are whatever the saved plan says.
 */
import { readFile } from 'node:fs/promises';
import { fingerprintClusterState, parsePlanJson, PlanFileError, restoreSavedPlan, type SavedPlan } from '../planner/index.js';
import { loadProjectFile, type CommandContext } from './context.js';
import { EXIT, ExitError } from './exit.js';
import { withClusterState, type PlanSession } from './planning.js';

export async function readSavedPlan(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ExitError(EXIT.error, `--plan: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parsePlanJson(text);
  } catch (err) {
    if (err instanceof PlanFileError) throw new ExitError(EXIT.error, `--plan: ${file} is ${err.message}`);
    throw err;
  }
}

export class StalePlanError extends ExitError {
  constructor(
    readonly file: string,
    readonly planned: string,
    readonly current: string,
  ) {
    super(
      EXIT.error,
      `the cluster changed since the plan was made; run plan again (${file} was made against cluster state ` +
        `${planned.slice(0, 12)}…, the cluster is now ${current.slice(0, 12)}…); nothing was applied`,
    );
    this.name = 'StalePlanError';
  }
}

export async function withSavedPlanSession<T>(ctx: CommandContext, file: string, body: (s: PlanSession) => Promise<T>): Promise<T> {
  const saved = await readSavedPlan(file);
  const loaded = await loadProjectFile(ctx, 'nothing was applied');
  return withClusterState(ctx, loaded, async (conn, state) => {
    const current = fingerprintClusterState(state);
    if (current !== saved.plan.clusterFingerprint) throw new StalePlanError(file, saved.plan.clusterFingerprint, current);
    ctx.logger.info({ file, clusterFingerprint: current }, 'the cluster still matches the saved plan');
    return body({ loaded, conn, state, plan: restoreSavedPlan(saved, state, loaded.desired.protectedTopics) });
  });
}
