/**
 * ElectLeaders (key 43), versions 0-1.
 *
 * PREFERRED (0, and every v0 request): the first replica leads when it is live and in the ISR; already leading →
 * ELECTION_NOT_NEEDED; not live or not in sync → PREFERRED_LEADER_NOT_AVAILABLE. UNCLEAN (1, v1+): a leaderless
 * partition gets a leader from the ISR, else any live replica (ELIGIBLE_LEADERS_NOT_AVAILABLE when none);
 * a partition with a leader → ELECTION_NOT_NEEDED. `topicPartitions` null = every partition (then partitions that
 * need no election are left out of the answer, as Kafka does).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode, kafkaError } from '../../protocol/errors.js';
import type { ElectLeadersRequest } from '../../protocol/generated/ElectLeadersRequest.js';
import type { ElectLeadersResponse, ReplicaElectionResult } from '../../protocol/generated/ElectLeadersResponse.js';
import { replicaManagerOf } from '../replication/attach.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<ElectLeadersRequest, ElectLeadersResponse> = {
  apiKey: ApiKey.ElectLeaders,
  name: 'ElectLeaders',
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    const rm = replicaManagerOf(ctx.cluster);
    const electionType = request.electionType ?? 0;
    if (electionType !== 0 && electionType !== 1) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, replicaElectionResults: [] };
    }
    const all = request.topicPartitions === null;
    const asked = request.topicPartitions ?? ctx.cluster.topics().map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partition) }));
    const results: ReplicaElectionResult[] = [];
    for (const t of asked) {
      const partitionResult = t.partitions
        .map((partitionId) => {
          const code = rm.electLeader(t.topic, partitionId, electionType);
          return { partitionId, errorCode: code, errorMessage: code === ErrorCode.NONE ? null : kafkaError(code).message };
        })
        .filter((r) => !all || r.errorCode !== ErrorCode.ELECTION_NOT_NEEDED);
      if (partitionResult.length > 0 || !all) results.push({ topic: t.topic, partitionResult });
    }
    await ctx.durable();
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, replicaElectionResults: results };
  },
};

export default handler;
