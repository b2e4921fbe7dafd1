/**
 * The controller's partition decisions that the replica manager carries out: starting, completing and cancelling
 * reassignments (reassignment.ts has the rules) and ElectLeaders. They change the metadata only.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../protocol/errors.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { cleanLeader } from './elections.js';
import { cancelReassignment, completeReassignment, isReassigning, startReassignment } from './reassignment.js';
import { partitionKey } from './replica-logs.js';

export interface ControllerView {
  readonly model: ClusterModel;
  readonly log: Logger;
  readonly online: (brokerId: number) => boolean;
}

export function reassignPartition(c: ControllerView, topic: string, partition: number, target: readonly number[] | null): void {
  const p = c.model.topic(topic)!.partitions[partition];
  const change = target === null ? cancelReassignment(p, c.online) : startReassignment(p, target);
  c.log.info({ topicPartition: partitionKey(topic, partition), target, from: p.replicas }, target === null ? 'cancelling reassignment' : 'reassigning partition');
  c.model.updatePartition(topic, partition, change);
  completeReassignmentIfReady(c, topic, partition);
}

/** Ends the partition's reassignment once every target replica is in the ISR. */
export function completeReassignmentIfReady(c: ControllerView, topic: string, partition: number): void {
  const p = c.model.topic(topic)?.partitions[partition];
  if (!p || !isReassigning(p)) return;
  const change = completeReassignment(p, c.online);
  if (!change) return;
  c.log.info({ topicPartition: partitionKey(topic, partition), replicas: change.replicas, leader: change.leader }, 'reassignment complete');
  c.model.updatePartition(topic, partition, change);
}

/**
 * ElectLeaders for one partition: PREFERRED (0) moves leadership to the first replica when it is live and in
 * the ISR; UNCLEAN (1) elects a leader for a leaderless partition, from the ISR if it can, else any live replica.
 */
export function electPartitionLeader(c: ControllerView, topic: string, partition: number, electionType: number): number {
  const p = c.model.topic(topic)?.partitions[partition];
  if (!p) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  if (electionType === 0) {
    const preferred = p.replicas[0];
    if (p.leader === preferred) return ErrorCode.ELECTION_NOT_NEEDED;
    if (!p.isr.includes(preferred) || !c.online(preferred)) return ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE;
    c.model.updatePartition(topic, partition, { leader: preferred });
    return ErrorCode.NONE;
  }
  if (p.leader !== -1 && c.online(p.leader)) return ErrorCode.ELECTION_NOT_NEEDED;
  const clean = cleanLeader(p, p.isr, c.online);
  if (clean !== -1) {
    c.model.updatePartition(topic, partition, { leader: clean });
    return ErrorCode.NONE;
  }
  const any = p.replicas.find(c.online);
  if (any === undefined) return ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE;
  c.model.updatePartition(topic, partition, { leader: any, isr: [any] });
  return ErrorCode.NONE;
}
