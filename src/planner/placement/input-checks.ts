/** Input checks shared by the placement strategies; messages follow Kafka's wording where Kafka has one. */
import type { PlacementInput } from './types.js';

/** Returns a message when the input cannot be placed by any strategy, else null. */
export function checkPlacementInput(input: PlacementInput): string | null {
  const { partitions, replicationFactor: rf, brokers, current } = input;
  if (!Number.isInteger(partitions) || partitions < 1) return `Number of partitions must be larger than 0.`;
  if (!Number.isInteger(rf) || rf < 1) return `Replication factor must be larger than 0.`;
  const ids = new Set(brokers.map((b) => b.id));
  if (ids.size !== brokers.length) return `broker ids must be unique, got ${brokers.map((b) => b.id).join(', ')}`;
  if (rf > brokers.length) return `Replication factor: ${rf} larger than available brokers: ${brokers.length}.`;
  if (current.length > partitions) {
    return `topic ${input.topic} has ${current.length} partitions; cannot place only ${partitions} (Kafka cannot remove partitions)`;
  }
  return null;
}

/** Stable 32-bit FNV-1a hash: spreads the first replica of different topics over different brokers. */
export function topicHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
