/**
 * Computes the config entries DescribeConfigs (and CreateTopics v5+) report, the way Kafka's ConfigHelper does:
 * a topic config's value is its override, else the broker default taken from its synonyms (log.retention.ms →
 * minutes → hours, with unit conversion), else the catalogue default; the synonym list is the override followed
 * by the broker synonyms that are set (dynamic per broker, dynamic cluster default, static, default — Kafka's
 * order, including its quirk of dropping leading synonyms whose name is not the first synonym's).
 */
import { TOPIC_CONFIGS, type KafkaConfigType } from '../../model/topic-configs.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { BROKER_CONFIGS, brokerConfigSynonyms, staticBrokerConfigs, synonymValueToTopicUnit } from './broker-configs.js';

/** DescribeConfigs ConfigSource ids. */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** DescribeConfigs ConfigType ids (v3+). */
export const CONFIG_TYPE_IDS: Readonly<Record<KafkaConfigType, number>> = {
  BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7, CLASS: 8, PASSWORD: 9,
};

export interface ConfigSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
}

export interface DescribedConfig {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
  readonly readOnly: boolean;
  readonly isSensitive: boolean;
  readonly synonyms: readonly ConfigSynonym[];
  /** 0 (UNKNOWN) for names not in a catalogue. */
  readonly configType: number;
  readonly documentation: string | null;
}

/** The broker-side config layers of one broker, highest priority first. */
function brokerLayers(model: ClusterModel, brokerId: number): { source: number; values: ReadonlyMap<string, string> }[] {
  const node = model.brokers().find((b) => b.id === brokerId) ?? { id: brokerId, rack: null };
  const defaults = new Map<string, string>();
  for (const d of BROKER_CONFIGS.values()) if (d.default !== null) defaults.set(d.name, d.default);
  return [
    { source: ConfigSource.DYNAMIC_BROKER_CONFIG, values: model.configs({ kind: 'broker', name: String(brokerId) }) },
    { source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, values: model.configs({ kind: 'broker', name: '' }) },
    { source: ConfigSource.STATIC_BROKER_CONFIG, values: staticBrokerConfigs(node) },
    { source: ConfigSource.DEFAULT_CONFIG, values: defaults },
  ];
}

/** Kafka's configSynonyms: source-major over the synonym names, then drop entries before the first named `name`. */
function configSynonyms(layers: ReturnType<typeof brokerLayers>, name: string, chain: readonly string[]): ConfigSynonym[] {
  const all: ConfigSynonym[] = [];
  for (const layer of layers) {
    for (const n of chain) {
      const v = layer.values.get(n);
      if (v !== undefined) all.push({ name: n, value: v, source: layer.source });
    }
  }
  const first = all.findIndex((s) => s.name === name);
  return first < 0 ? [] : all.slice(first);
}

/** The value a broker config name has on a broker (its own name only, highest layer first), or null. */
function brokerValue(layers: ReturnType<typeof brokerLayers>, name: string): string | null {
  for (const layer of layers) {
    const v = layer.values.get(name);
    if (v !== undefined) return v;
  }
  return null;
}

/** A config value in the form Kafka prints after parsing it (ConfigDef.convertToString). */
export function formatConfigValue(type: KafkaConfigType, raw: string): string {
  const v = raw.trim();
  switch (type) {
    case 'INT':
    case 'SHORT':
    case 'LONG':
      return /^[+-]?\d+$/.test(v) ? BigInt(v).toString() : raw;
    case 'DOUBLE': {
      const n = Number(v);
      if (v === '' || !Number.isFinite(n)) return raw;
      return Number.isInteger(n) && Math.abs(n) < 1e7 ? n.toFixed(1) : String(n);
    }
    case 'BOOLEAN':
      return v.toLowerCase();
    case 'LIST':
      return v === '' ? '' : v.split(/\s*,\s*/).join(',');
    default:
      return v;
  }
}

/** The effective value of topic config `name` when the topic has no override, as broker `brokerId` sees it. */
export function topicDefaultValue(model: ClusterModel, brokerId: number, name: string): string | null {
  const def = TOPIC_CONFIGS.get(name);
  if (!def) return null;
  const layers = brokerLayers(model, brokerId);
  for (const synonym of def.brokerSynonyms) {
    const v = brokerValue(layers, synonym);
    if (v !== null) return formatConfigValue(def.type, synonymValueToTopicUnit(synonym, v));
  }
  return def.default;
}

/**
 * Every topic config of a topic with these overrides (a topic's stored ones, or those a CreateTopics asks for),
 * sorted by name, as broker `brokerId` describes it.
 */
export function describeTopicConfigs(model: ClusterModel, brokerId: number, overrides: ReadonlyMap<string, string>): DescribedConfig[] {
  const layers = brokerLayers(model, brokerId);
  const names = [...TOPIC_CONFIGS.keys()].sort();
  return names.map((name) => {
    const def = TOPIC_CONFIGS.get(name)!;
    const override = overrides.get(name);
    const value = override !== undefined ? formatConfigValue(def.type, override) : topicDefaultValue(model, brokerId, name);
    const chain = def.brokerSynonyms;
    const brokerSynonyms = chain.length > 0 ? configSynonyms(layers, chain[0], chain) : [];
    const synonyms = override !== undefined
      ? [{ name, value, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }, ...brokerSynonyms]
      : brokerSynonyms;
    return {
      name,
      value,
      source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
      readOnly: false,
      isSensitive: false,
      synonyms,
      configType: CONFIG_TYPE_IDS[def.type],
      documentation: def.doc,
    };
  });
}

/** Every config of broker `brokerId` (Kafka: the broker's whole KafkaConfig), sorted by name. */
export function describeBrokerConfigs(model: ClusterModel, brokerId: number): DescribedConfig[] {
  const layers = brokerLayers(model, brokerId);
  const names = new Set<string>(BROKER_CONFIGS.keys());
  for (const layer of layers.slice(0, 2)) for (const n of layer.values.keys()) names.add(n);
  return [...names].sort().map((name) => brokerEntry(layers, name, () => true));
}

/** The cluster-wide dynamic defaults (resource name ""): only the configs set there. */
export function describeClusterDefaultConfigs(model: ClusterModel): DescribedConfig[] {
  const layers = brokerLayers(model, model.controllerId);
  const set = model.configs({ kind: 'broker', name: '' });
  return [...set.keys()].sort().map((name) => {
    const entry = brokerEntry(layers, name, (s) => s.source === ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    return { ...entry, value: set.get(name)! };
  });
}

function brokerEntry(layers: ReturnType<typeof brokerLayers>, name: string, keep: (s: ConfigSynonym) => boolean): DescribedConfig {
  const def = BROKER_CONFIGS.get(name);
  const synonyms = configSynonyms(layers, name, brokerConfigSynonyms(name)).filter(keep);
  return {
    name,
    value: brokerValue(layers, name),
    source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
    readOnly: def ? def.mode === 'read-only' : true,
    isSensitive: false,
    synonyms,
    configType: def ? CONFIG_TYPE_IDS[def.type] : 0,
    documentation: def?.doc ?? null,
  };
}
