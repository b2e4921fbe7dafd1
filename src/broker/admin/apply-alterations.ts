/** Applies the accepted decisions of an (Incremental)AlterConfigs request to the model. */
import type { ClusterModel } from '../model/cluster-model.js';
import type { AlterDecision } from './alter-configs.js';

/** Returns how many resources changed. */
export function applyAlterations(model: ClusterModel, decisions: readonly AlterDecision[]): number {
  let changed = 0;
  for (const d of decisions) {
    if (!d.change) continue;
    model.replaceConfigs(d.change.resource, d.change.configs);
    changed += 1;
  }
  return changed;
}
