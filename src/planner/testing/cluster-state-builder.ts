/**
 * Test fixture builder for ClusterState (changesets' FakeFullState idea): describe a cluster in a few
 * chained calls instead of hand-writing nested objects.
 *
 *   new ClusterStateBuilder().brokers(3, { racks: ['a', 'b', 'c'] })
 *     .topic('orders', { partitions: 6, rf: 3, configs: { 'retention.ms': '86400000' } })
 *     .build();
 *
 * Topic configs given as strings are dynamic overrides (source DYNAMIC_TOPIC_CONFIG); every other catalogue
 * config is reported with its Kafka default and source DEFAULT_CONFIG, as DescribeConfigs would.
 */
import type { BrokerState, ClusterState, ConfigEntryState, PartitionState, TopicState } from '../../model/cluster-state.js';
import { TOPIC_CONFIGS } from '../../model/topic-configs.js';

export interface BrokersOptions {
  /** Rack names assigned round-robin (broker i gets racks[i % racks.length]), or a count of racks "rack-0".."rack-(n-1)". */
  readonly racks?: readonly string[] | number;
  /** Id of the first broker; ids are consecutive. Default 1. */
  readonly firstId?: number;
}

export interface TopicOptions {
  readonly partitions?: number;
  readonly rf?: number;
  /** Strings are dynamic topic overrides; objects give the full entry (e.g. a STATIC_BROKER_CONFIG value). */
  readonly configs?: Readonly<Record<string, string | ConfigEntryState>>;
  /** Explicit replica lists per partition; default round-robin over the brokers. */
  readonly assignment?: readonly (readonly number[])[];
  readonly internal?: boolean;
  /** Report catalogue defaults for configs not given (default true). */
  readonly defaults?: boolean;
  readonly sizeBytes?: number;
  /**
   * The topic's ownership record: configs topicops set. Default: every dynamic override given in `configs`
   * (as if topicops set them all); `[]` models overrides set by hand or by another tool.
   */
  readonly managed?: readonly string[];
}

export class ClusterStateBuilder {
  private readonly brokerList: BrokerState[] = [];
  private readonly topicMap = new Map<string, TopicState>();

  brokers(count: number, options: BrokersOptions = {}): this {
    const first = options.firstId ?? 1;
    const racks =
      typeof options.racks === 'number' ? Array.from({ length: options.racks }, (_, i) => `rack-${i}`) : options.racks;
    for (let i = 0; i < count; i++) {
      this.broker(first + i, racks && racks.length > 0 ? racks[i % racks.length] : null);
    }
    return this;
  }

  broker(id: number, rack: string | null = null): this {
    if (this.brokerList.some((b) => b.id === id)) throw new Error(`broker ${id} defined twice`);
    this.brokerList.push({ id, rack, host: '127.0.0.1', port: 9092 + id });
    return this;
  }

  topic(name: string, options: TopicOptions = {}): this {
    const partitions = options.assignment?.length ?? options.partitions ?? 1;
    const rf = options.rf ?? options.assignment?.[0]?.length ?? Math.min(3, Math.max(1, this.brokerList.length));
    const ids = this.brokerList.length > 0 ? this.brokerList.map((b) => b.id) : Array.from({ length: rf }, (_, i) => i + 1);
    const partitionStates: PartitionState[] = [];
    for (let p = 0; p < partitions; p++) {
      const replicas = options.assignment?.[p] ?? Array.from({ length: rf }, (_, i) => ids[(p + i) % ids.length]);
      const state: PartitionState = { partition: p, leader: replicas[0] ?? -1, replicas: [...replicas], isr: [...replicas] };
      partitionStates.push(options.sizeBytes === undefined ? state : { ...state, sizeBytes: options.sizeBytes });
    }
    const configs: Record<string, ConfigEntryState> = {};
    if (options.defaults ?? true) {
      for (const def of TOPIC_CONFIGS.values()) configs[def.name] = { value: def.default, source: 'DEFAULT_CONFIG' };
    }
    for (const [key, value] of Object.entries(options.configs ?? {})) {
      configs[key] = typeof value === 'string' ? { value, source: 'DYNAMIC_TOPIC_CONFIG' } : value;
    }
    const overrides = Object.entries(options.configs ?? {}).filter(([, v]) => typeof v === 'string' || v.source === 'DYNAMIC_TOPIC_CONFIG').map(([k]) => k);
    const topic: TopicState = { name, partitions: partitionStates, configs, managedConfigs: [...(options.managed ?? overrides)] };
    this.topicMap.set(name, options.internal === undefined ? topic : { ...topic, internal: options.internal });
    return this;
  }

  build(): ClusterState {
    const topics: Record<string, TopicState> = {};
    for (const [name, topic] of this.topicMap) topics[name] = topic;
    return {
      clusterId: 'test-cluster',
      controllerId: this.brokerList[0]?.id ?? -1,
      brokers: [...this.brokerList],
      topics,
    };
  }
}
