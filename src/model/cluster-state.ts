/**
 * The actual state of a Kafka cluster as topicops sees it: what the reconciler reads over the
 * admin protocol (Metadata, DescribeConfigs, DescribeCluster) and what the planner takes as input.
 * Plain, serialisable data; no classes, no I/O.
 */

export interface BrokerState {
  readonly id: number;
  readonly rack: string | null;
  readonly host?: string;
  readonly port?: number;
  /** False when the broker is registered but not serving (fenced / shut down). Absent = online. */
  readonly online?: boolean;
}

export interface PartitionState {
  readonly partition: number;
  readonly leader: number; // -1 when offline
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** Size in bytes of the leader's log, when known (DescribeLogDirs); used by previews. */
  readonly sizeBytes?: number;
}

/** Kafka's DescribeConfigs ConfigSource, as names. */
export const CONFIG_SOURCES = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'CLIENT_METRICS_CONFIG',
  'GROUP_CONFIG',
] as const;
export type ConfigSourceName = (typeof CONFIG_SOURCES)[number];

export interface ConfigEntryState {
  readonly value: string | null;
  readonly source: ConfigSourceName;
  readonly readOnly?: boolean;
  readonly sensitive?: boolean;
}

export interface TopicState {
  readonly name: string;
  readonly internal?: boolean;
  readonly partitions: readonly PartitionState[];
  /** Every config DescribeConfigs returned for the topic, keyed by Kafka config name. */
  readonly configs: Readonly<Record<string, ConfigEntryState>>;
  /**
   * True when the topic's records carry keys (key → partition mapping matters), when the reconciler knows;
   * absent = unknown (the planner then treats compacted topics as keyed).
   */
  readonly keyed?: boolean;
  /**
   * The configs topicops set on this topic at its last apply (its ownership record); absent = topicops has no
   * record of setting any. A dynamic override the YAML omits is removed only when it is listed here.
   */
  readonly managedConfigs?: readonly string[];
}

export interface ClusterState {
  readonly clusterId?: string | null;
  readonly controllerId?: number;
  readonly brokers: readonly BrokerState[];
  readonly topics: Readonly<Record<string, TopicState>>;
}

/** The replication factor of a topic = the replica count of its partition 0 (Kafka's convention). */
export function replicationFactorOf(topic: TopicState): number {
  return topic.partitions.length === 0 ? 0 : topic.partitions[0].replicas.length;
}
