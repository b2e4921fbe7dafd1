/** Reassignment planning: partition moves → batches, throttles, durations and a before/after preview. */
export * from './types.js';
export { planReassignment, resolveReassignmentOptions, reassignmentMoves } from './plan-reassignment.js';
export { analyseMoves, compareMoves, type MoveAnalysis } from './moves.js';
export { buildBatches, packCopyMoves, batchTraffic, batchDuration, moveParticipants } from './batching.js';
export {
  computeThrottles,
  LEADER_THROTTLED_REPLICAS,
  FOLLOWER_THROTTLED_REPLICAS,
  LEADER_THROTTLED_RATE,
  FOLLOWER_THROTTLED_RATE,
  TOPIC_THROTTLE_CONFIGS,
  BROKER_THROTTLE_CONFIGS,
  type ThrottledMove,
} from './throttles.js';
export { brokerLoadTable } from './broker-load.js';
export { renderReassignmentText, type RenderReassignmentTextOptions } from './text.js';
export { formatBytes, formatDuration, formatRate } from './units.js';
