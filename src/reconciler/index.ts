export { openCluster, ClusterUnreachableError, type ClusterConnection } from './connection.js';
export { readClusterState, type ReadStateOptions } from './read-state.js';
export { applyPlan, type ApplyProgress, type ApplyResult } from './apply-plan.js';
export { ApplyFailedError, ApplyValidationError, PlanRefusedError, describeKafkaError } from './errors.js';
export { describeTarget, parseBootstrap, type ClusterTarget } from './target.js';
export { sampleKeyedTopics } from './keyed-sample.js';
