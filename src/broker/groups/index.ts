/** The built-in cluster's consumer group coordinator (classic protocol) and its durable offsets. */
export { GroupCoordinator, type GroupCoordinatorOptions, type OffsetCommitArgs, type FetchedOffset, type ListedGroupInfo } from './coordinator.js';
export { attachGroupCoordinator, groupCoordinatorOf } from './attach.js';
export { DEFAULT_GROUP_SETTINGS, groupSettings, type GroupSettings } from './settings.js';
export { GroupOffsetsFileError } from './offset-log.js';
export { coordinatorBrokerFor, javaStringHashCode, offsetsPartitionFor } from './placement.js';
export { RealScheduler, type Scheduler, type TimerHandle } from './scheduler.js';
export type { GroupStateName, GroupSummary, JoinOutcome, MemberSummary, SyncOutcome } from './group.js';
