/**
 * Whether a group accepts an offset commit (Kafka's GroupCoordinator.validateOffsetCommit and the state checks of
 * doCommitOffsets / ClassicGroup.validateOffsetCommit). Pure: the group is read, never changed.
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { ClassicGroup } from './group.js';

export interface CommitIdentity {
  /** -1 for commits outside group management (simple consumers, admin tools, OffsetCommit v0). */
  readonly generationId: number;
  /** "" outside group management. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/**
 * NONE when the commit may proceed, else the error every partition gets. `group` undefined = no such group:
 * a commit with a negative generation creates a "simple" group, anything else is from a stale generation.
 */
export function offsetCommitError(group: ClassicGroup | undefined, c: CommitIdentity): number {
  if (!group) return c.generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (c.generationId < 0 && group.is('Empty')) return ErrorCode.NONE;
  if (c.generationId >= 0 || c.memberId !== '' || c.groupInstanceId !== null) {
    if (!group.has(c.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (c.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  } else if (!group.is('Empty')) {
    // A non-empty group takes commits from its members only.
    return ErrorCode.UNKNOWN_MEMBER_ID;
  }
  // Members have their generation but not yet their assignment: they must finish the rebalance first.
  if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
  return ErrorCode.NONE;
}
