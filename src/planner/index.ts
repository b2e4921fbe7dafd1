/** The planner: pure functions from (desired, actual) to a Plan, and renderers for it. */
export * from './plan.js';
export { plan, type PlanOptions } from './plan-topics.js';
export { planRebalance, type RebalanceOptions } from './plan-rebalance.js';
export { fingerprintClusterState } from './fingerprint.js';
export { checkPlanSafety, type SafetyInput, type SafetyIssues } from './safety.js';
export {
  balanceCluster,
  clusterBalanceStats,
  type BalanceBroker,
  type BalanceInput,
  type BalanceResult,
  type BalanceTopic,
  type ClusterBalanceStats,
} from './rebalance/index.js';
export { PLAN_ISSUE_CODES, type PlanIssueCode } from './issues.js';
export { REASSIGNMENT_OWNED_CONFIGS } from './config-diff.js';
export {
  renderPlanText,
  renderPlanJson,
  renderPlanMarkdown,
  renderKafkaReassignmentJson,
  renderKafkaRollbackJson,
  parsePlanJson,
  restoreSavedPlan,
  PlanFileError,
  type RenderTextOptions,
  type RenderPlanMarkdownOptions,
  type SavedPlan,
} from './render/index.js';
export {
  PLACEMENT_STRATEGIES,
  PLACEMENT_STRATEGY_NAMES,
  placementStrategy,
  isPlacementStrategyName,
  checkAssignment,
  countMoves,
  type PlacementStrategyName,
  type PlacementBroker,
  type PlacementInput,
  type PlacementResult,
  type PlacementStrategy,
  type ReplicaAssignment,
} from './placement/index.js';
