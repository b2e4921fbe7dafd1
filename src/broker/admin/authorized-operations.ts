/**
 * Authorized-operations bitfields (Metadata v8+, DescribeCluster). The built-in cluster has no authorizer, so,
 * like Kafka without one, every operation the resource type supports is reported (AclEntry.supportedOperations).
 */

/** Kafka's "not requested" value. */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

// AclOperation codes.
const READ = 3, WRITE = 4, CREATE = 5, DELETE = 6, ALTER = 7, DESCRIBE = 8, CLUSTER_ACTION = 9;
const DESCRIBE_CONFIGS = 10, ALTER_CONFIGS = 11, IDEMPOTENT_WRITE = 12;

function bitfield(ops: readonly number[]): number {
  return ops.reduce((acc, op) => acc | (1 << op), 0);
}

export const TOPIC_OPERATIONS = bitfield([READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS]);
export const CLUSTER_OPERATIONS = bitfield([CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER, DESCRIBE]);
