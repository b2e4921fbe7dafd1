/**
 * planRebalance(actual, options) → Plan for `topicops rebalance`: works on the cluster's topics, with the YAML's
 * placement constraints when there is a topics directory (options.topics), without them otherwise.
 * Every topic that is not protected (protectedTopics patterns, default ["^__"], and Kafka-internal topics) may move,
 * with the default strategy's rack rule (rack-aware when every broker has a rack). By default it rebalances (±1
 * replica and ±1 preferred leader per broker, per topic as a secondary goal); with excludedBrokers it also empties
 * them. Only reassign-partitions actions; no topic is created, changed or deleted. Pure, like plan().
 */
import type { ClusterState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import { currentLayout, runClusterStage } from './cluster-stage.js';
import { finishPlan } from './finish.js';
import type { Plan, PlanIssue } from './plan.js';
import { excludedBrokers, reassignmentOptions } from './plan-topics.js';
import { createPlacementContext, resolvePlacement } from './placement-context.js';
import { compileProtection } from './protection.js';
import type { ReassignmentOptions } from './reassignment/index.js';

export interface RebalanceOptions extends ReassignmentOptions {
  /** Brokers to empty. */
  readonly excludedBrokers?: readonly number[];
  /** Balance replicas and leaders (default true); false = only empty the excluded brokers. */
  readonly rebalance?: boolean;
  /** Regex sources of topics never moved; default ["^__"]. Kafka-internal topics are never moved either. */
  readonly protectedTopics?: readonly string[];
  /** Placement of every topic; default rack-aware when every broker has a rack, else balanced. */
  readonly defaultPlacement?: 'balanced' | 'rack-aware';
  /** Warnings become errors. */
  readonly strict?: boolean;
  /**
   * The YAML's topics, when there is a topics directory: their placement constraints hold (a `static` topic does not
   * move, a `brokers:` subset bounds where replicas go, the topic's own strategy sets the rack rule).
   */
  readonly topics?: readonly TopicSpec[];
}

export function planRebalance(actual: ClusterState, options: RebalanceOptions = {}): Plan {
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const protection = compileProtection(options.protectedTopics ?? ['^__']);
  errors.push(...protection.errors);
  const excluded = excludedBrokers(actual, options.excludedBrokers, warnings);
  const topics = Object.values(actual.topics);
  const ctx = createPlacementContext(actual, topics, excluded, options.defaultPlacement);
  const { rackRule } = resolvePlacement(undefined, ctx);
  // With an invalid protected pattern nothing may move: a topic it was meant to cover cannot be told apart.
  const movable = (name: string): boolean => protection.errors.length === 0 && !protection.isProtected(name, actual.topics[name]);
  const specs = new Map((options.topics ?? []).map((spec) => [spec.name, spec]));
  const layouts = topics.map((t) => {
    const spec = specs.get(t.name);
    if (!spec) return currentLayout(t, movable(t.name), rackRule);
    const placement = resolvePlacement(spec, ctx);
    const pinned = placement.strategy === 'static' || placement.problem !== undefined;
    return currentLayout(t, movable(t.name) && !pinned, placement.rackRule, spec.brokers);
  });
  const stage = runClusterStage(layouts, actual.brokers, { excluded, rebalance: options.rebalance ?? true });
  warnings.push(...stage.warnings);
  return finishPlan({
    actions: [...stage.actions],
    errors,
    warnings,
    actual,
    desired: new Map(),
    isProtected: protection.isProtected,
    reassignmentOptions: reassignmentOptions(options),
    strict: options.strict ?? false,
  });
}
