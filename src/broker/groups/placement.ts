/**
 * Which broker coordinates a group. Kafka hashes the group id to a partition of __consumer_offsets
 * (`Utils.abs(groupId.hashCode) % offsets.topic.num.partitions`) and the leader of that partition is the
 * coordinator. The built-in cluster has no __consumer_offsets topic; the partition is mapped onto the live
 * brokers, sorted by id (`partition % live.length`), so the choice is deterministic and moves to a live broker
 * when the coordinator is stopped.
 */

/** Java's String.hashCode (UTF-16 code units, 32-bit overflow). */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's Utils.abs: Integer.MIN_VALUE maps to 0. */
function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** The __consumer_offsets partition Kafka would store the group in. */
export function offsetsPartitionFor(groupId: string, numPartitions: number): number {
  return kafkaAbs(javaStringHashCode(groupId)) % numPartitions;
}

/** The coordinator among `liveBrokerIds` (any order), or null when no broker is live. */
export function coordinatorBrokerFor(groupId: string, liveBrokerIds: readonly number[], numPartitions: number): number | null {
  if (liveBrokerIds.length === 0) return null;
  const sorted = [...liveBrokerIds].sort((a, b) => a - b);
  return sorted[offsetsPartitionFor(groupId, numPartitions) % sorted.length];
}
