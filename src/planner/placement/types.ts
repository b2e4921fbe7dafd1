/** Types shared by the replica placement strategies (see ./index.ts for the registry). */

export interface PlacementBroker {
  readonly id: number;
  /** Rack name; null when the broker has none. */
  readonly rack: string | null;
}

/** Replica broker ids per partition, partition 0 first; the first replica is the preferred leader. */
export type ReplicaAssignment = readonly (readonly number[])[];

export interface PlacementInput {
  readonly topic: string;
  /** Partition count wanted (≥ the current count: Kafka cannot remove partitions). */
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Current replica lists; empty for a new topic, shorter than `partitions` when partitions are added. */
  readonly current: ReplicaAssignment;
  /** Brokers the topic may use (the topic's `brokers` subset, or every broker). */
  readonly brokers: readonly PlacementBroker[];
  /** Bytes per partition, when known: among equally good plans, smaller partitions are moved first. */
  readonly partitionSizes?: readonly number[];
  /** The YAML's explicit assignment, for strategy `static`. */
  readonly replicaAssignment?: ReplicaAssignment;
}

export type PlacementResult =
  | { readonly ok: true; readonly assignment: number[][] }
  | { readonly ok: false; readonly message: string };

export interface PlacementStrategy {
  /** The YAML value that selects this strategy. */
  readonly name: string;
  /** Pure and deterministic. Keeps every replica that can stay; returns `current` unchanged when it already fits. */
  assign(input: PlacementInput): PlacementResult;
}
