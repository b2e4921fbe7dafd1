/**
 * The single in-memory model of the built-in cluster: brokers, topics with their partitions, dynamic configs,
 * the cluster id. Every mutation is synchronous and ends by notifying the change listener (persistence), so a
 * handler that validates and then mutates without `await` in between needs no locks. Broker 1 — the lowest id —
 * is the controller.
 *
 * Validation (Kafka's rules and error codes) lives with the API handlers; the model only refuses calls that
 * would corrupt it (a programming error), with plain Errors.
 */
import type { BrokerEndpoint, BrokerNode, PartitionRecord, PersistedMetadata, TopicRecord } from './types.js';
import { METADATA_FORMAT, METADATA_VERSION } from './types.js';
import { randomKafkaUuid } from './uuid.js';

export interface PartitionChange {
  readonly replicas?: readonly number[];
  readonly isr?: readonly number[];
  readonly leader?: number;
  /** Set both (empty lists end a reassignment). */
  readonly addingReplicas?: readonly number[];
  readonly removingReplicas?: readonly number[];
}

export type ConfigResourceKey = { readonly kind: 'topic'; readonly name: string } | { readonly kind: 'broker'; readonly name: string };

type ConfigMap = Map<string, string>;

/** Kafka's metric-name collision rule: '.' and '_' are the same character. */
export function unifyCollisionChars(topic: string): string {
  return topic.replaceAll('.', '_');
}

export class ClusterModel {
  readonly clusterId: string;
  private readonly brokerNodes: BrokerNode[];
  private readonly endpoints = new Map<number, BrokerEndpoint>();
  private readonly topicsByName = new Map<string, TopicRecord>();
  /** unified name → topic names with '.' or '_' (for the collision check). */
  private readonly collisionIndex = new Map<string, Set<string>>();
  private readonly topicConfigs = new Map<string, ConfigMap>();
  private readonly brokerConfigs = new Map<string, ConfigMap>();
  private readonly listeners: (() => void)[] = [];

  constructor(snapshot: PersistedMetadata) {
    this.clusterId = snapshot.clusterId;
    this.brokerNodes = [...snapshot.brokers].sort((a, b) => a.id - b.id);
    for (const t of snapshot.topics) this.indexTopic(t);
    for (const [name, cfg] of Object.entries(snapshot.configs.topics)) this.topicConfigs.set(name, new Map(Object.entries(cfg)));
    for (const [name, cfg] of Object.entries(snapshot.configs.brokers)) this.brokerConfigs.set(name, new Map(Object.entries(cfg)));
  }

  /** A fresh cluster: brokers 1..n, a new random cluster id, no topics. */
  static empty(brokers: readonly BrokerNode[], newId: () => string = randomKafkaUuid): ClusterModel {
    return new ClusterModel({
      format: METADATA_FORMAT,
      version: METADATA_VERSION,
      clusterId: newId(),
      brokers,
      topics: [],
      configs: { topics: {}, brokers: {} },
    });
  }

  /** Called after every committed change (persistence subscribes). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  // ---- brokers -------------------------------------------------------------------------------------------

  /** The lowest-id broker that is serving (the lowest id of all before any listens). */
  get controllerId(): number {
    const serving = this.brokerNodes.find((b) => this.endpoints.has(b.id));
    return (serving ?? this.brokerNodes[0])?.id ?? -1;
  }

  brokers(): readonly BrokerNode[] {
    return this.brokerNodes;
  }

  hasBroker(id: number): boolean {
    return this.brokerNodes.some((b) => b.id === id);
  }

  setEndpoint(brokerId: number, endpoint: BrokerEndpoint): void {
    this.endpoints.set(brokerId, endpoint);
  }

  /** The broker stopped serving: it is left out of Metadata until it listens again. */
  clearEndpoint(brokerId: number): void {
    this.endpoints.delete(brokerId);
  }

  endpoint(brokerId: number): BrokerEndpoint | undefined {
    return this.endpoints.get(brokerId);
  }

  /** Brokers added on restart (a larger `brokers` option) and rack changes. */
  setBrokers(nodes: readonly BrokerNode[]): void {
    this.brokerNodes.splice(0, this.brokerNodes.length, ...[...nodes].sort((a, b) => a.id - b.id));
    this.commit();
  }

  // ---- topics --------------------------------------------------------------------------------------------

  topic(name: string): TopicRecord | undefined {
    return this.topicsByName.get(name);
  }

  /** All topics, sorted by name. */
  topics(): TopicRecord[] {
    return [...this.topicsByName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** An existing topic whose name differs from `name` only in '.' vs '_', if any. */
  collidingTopic(name: string): string | undefined {
    if (!name.includes('.') && !name.includes('_')) return undefined;
    const names = this.collisionIndex.get(unifyCollisionChars(name));
    return names ? [...names].find((n) => n !== name) : undefined;
  }

  /** Creates a topic with the given replica lists (leader = first replica, ISR = replicas) and config overrides. */
  createTopic(name: string, assignment: readonly (readonly number[])[], configs: Readonly<Record<string, string>>, topicId = randomKafkaUuid()): TopicRecord {
    if (this.topicsByName.has(name)) throw new Error(`topic ${name} already exists`);
    const topic: TopicRecord = { name, topicId, partitions: assignment.map((replicas, i) => newPartition(i, replicas)) };
    this.indexTopic(topic);
    if (Object.keys(configs).length > 0) this.topicConfigs.set(name, new Map(Object.entries(configs)));
    this.commit();
    return topic;
  }

  deleteTopic(name: string): void {
    if (!this.topicsByName.delete(name)) throw new Error(`topic ${name} does not exist`);
    const unified = unifyCollisionChars(name);
    const names = this.collisionIndex.get(unified);
    names?.delete(name);
    if (names && names.size === 0) this.collisionIndex.delete(unified);
    this.topicConfigs.delete(name);
    this.commit();
  }

  /** Appends partitions with the given replica lists. */
  addPartitions(name: string, assignment: readonly (readonly number[])[]): TopicRecord {
    const topic = this.topicsByName.get(name);
    if (!topic) throw new Error(`topic ${name} does not exist`);
    const start = topic.partitions.length;
    const updated: TopicRecord = {
      ...topic,
      partitions: [...topic.partitions, ...assignment.map((replicas, i) => newPartition(start + i, replicas))],
    };
    this.topicsByName.set(name, updated);
    this.commit();
    return updated;
  }

  /**
   * Replication state changes of one partition (ISR, leader, replicas). Bumps the partition epoch, and the leader
   * epoch when the leader changes (Kafka's KRaft controller does the same).
   */
  updatePartition(name: string, partition: number, change: PartitionChange): PartitionRecord {
    const topic = this.topicsByName.get(name);
    const current = topic?.partitions[partition];
    if (!topic || !current) throw new Error(`partition ${name}-${partition} does not exist`);
    const leader = change.leader ?? current.leader;
    const adding = change.addingReplicas ?? current.addingReplicas ?? [];
    const removing = change.removingReplicas ?? current.removingReplicas ?? [];
    const updated: PartitionRecord = {
      partition,
      replicas: [...(change.replicas ?? current.replicas)],
      isr: [...(change.isr ?? current.isr)],
      leader,
      leaderEpoch: leader !== current.leader ? current.leaderEpoch + 1 : current.leaderEpoch,
      partitionEpoch: current.partitionEpoch + 1,
      ...(adding.length > 0 || removing.length > 0 ? { addingReplicas: [...adding], removingReplicas: [...removing] } : {}),
    };
    const partitions = [...topic.partitions];
    partitions[partition] = updated;
    this.topicsByName.set(name, { ...topic, partitions });
    this.commit();
    return updated;
  }

  // ---- configs -------------------------------------------------------------------------------------------

  /** Dynamic overrides of a resource (topic overrides, or a broker's / the cluster default's dynamic configs). */
  configs(resource: ConfigResourceKey): ReadonlyMap<string, string> {
    return (resource.kind === 'topic' ? this.topicConfigs : this.brokerConfigs).get(resource.name) ?? new Map();
  }

  /** Replaces the whole set of dynamic configs of a resource. */
  replaceConfigs(resource: ConfigResourceKey, configs: Readonly<Record<string, string>>): void {
    const store = resource.kind === 'topic' ? this.topicConfigs : this.brokerConfigs;
    if (resource.kind === 'topic' && !this.topicsByName.has(resource.name)) throw new Error(`topic ${resource.name} does not exist`);
    if (Object.keys(configs).length === 0) store.delete(resource.name);
    else store.set(resource.name, new Map(Object.entries(configs)));
    this.commit();
  }

  // ---- persistence ---------------------------------------------------------------------------------------

  snapshot(): PersistedMetadata {
    const toRecord = (m: Map<string, ConfigMap>): Record<string, Record<string, string>> =>
      Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, Object.fromEntries(v)]));
    return {
      format: METADATA_FORMAT,
      version: METADATA_VERSION,
      clusterId: this.clusterId,
      brokers: this.brokerNodes.map((b) => ({ id: b.id, rack: b.rack })),
      topics: this.topics(),
      configs: { topics: toRecord(this.topicConfigs), brokers: toRecord(this.brokerConfigs) },
    };
  }

  private indexTopic(topic: TopicRecord): void {
    this.topicsByName.set(topic.name, topic);
    if (topic.name.includes('.') || topic.name.includes('_')) {
      const unified = unifyCollisionChars(topic.name);
      const names = this.collisionIndex.get(unified) ?? new Set<string>();
      names.add(topic.name);
      this.collisionIndex.set(unified, names);
    }
  }

  private commit(): void {
    for (const l of this.listeners) l();
  }
}

function newPartition(partition: number, replicas: readonly number[]): PartitionRecord {
  return { partition, replicas: [...replicas], isr: [...replicas], leader: replicas[0] ?? -1, leaderEpoch: 0, partitionEpoch: 0 };
}
