/**
 * The built-in cluster's metadata, as plain data. The in-memory model (cluster-model.ts) holds exactly this
 * and persistence writes it as JSON. Partitions carry leader, ISR and epochs now; per-replica logs and a real
 * ISR come with the data half and hang off the same records.
 */

export interface BrokerNode {
  readonly id: number;
  readonly rack: string | null;
}

/** Where a broker listens; set when its listener is bound (not persisted: ports may be ephemeral). */
export interface BrokerEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface PartitionRecord {
  readonly partition: number;
  /** Replica broker ids; the first is the preferred leader. */
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** Leader broker id, -1 when offline. */
  readonly leader: number;
  readonly leaderEpoch: number;
  /** Bumped on every change of replicas, ISR or leader (Kafka's partition epoch). */
  readonly partitionEpoch: number;
  /** During a reassignment (KIP-455): target replicas not in the original set (they copy the log). */
  readonly addingReplicas?: readonly number[];
  /** During a reassignment: original replicas not in the target set (dropped once the targets are in sync). */
  readonly removingReplicas?: readonly number[];
}

export interface TopicRecord {
  readonly name: string;
  /** Kafka UUID string form (22-char base64url). */
  readonly topicId: string;
  readonly partitions: readonly PartitionRecord[];
}

/** Dynamic config overrides: topic name → (config → value); broker id as a decimal string, or "" for the cluster default. */
export interface PersistedConfigs {
  readonly topics: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly brokers: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The content of `<dataDir>/metadata.json`. */
export interface PersistedMetadata {
  readonly format: 'topicops-metadata';
  readonly version: 1;
  readonly clusterId: string;
  readonly brokers: readonly BrokerNode[];
  readonly topics: readonly TopicRecord[];
  readonly configs: PersistedConfigs;
}

export const METADATA_FORMAT = 'topicops-metadata';
export const METADATA_VERSION = 1;
