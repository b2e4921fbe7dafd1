/**
 * AlterConfigs / IncrementalAlterConfigs semantics (Kafka's ConfigAdminManager.preprocess on the broker, then
 * ConfigurationControlManager on the controller): decides every resource of a request against the current model
 * without changing it and returns the new dynamic config set of each resource that passes.
 *
 * TOPIC: the resulting overrides must pass the topic-config catalogue (INVALID_CONFIG), the topic must exist
 * (UNKNOWN_TOPIC_OR_PARTITION). BROKER: "" (cluster default) or this broker's id; read-only configs →
 * INVALID_REQUEST "Cannot update these configs dynamically", bad values → INVALID_REQUEST (Kafka, KAFKA-13609);
 * unknown broker config names are stored unchecked, as Kafka does.
 */
import { ErrorCode } from '../../protocol/errors.js';
import { TOPIC_CONFIGS } from '../../model/topic-configs.js';
import { BROKER_CONFIGS, validateBrokerConfigValue } from '../configs/broker-configs.js';
import type { ClusterModel, ConfigResourceKey } from '../model/cluster-model.js';
import { apiError, type ApiError } from './api-error.js';
import { CONFIG_OPERATION, CONFIG_OPERATION_NAMES, RESOURCE_TYPE } from './resource-types.js';
import { checkTopicConfigs } from './topic-config-checks.js';
import { invalidTopicNameReason } from './topic-names.js';


export interface AlterResourceRequest {
  readonly resourceType: number;
  readonly resourceName: string;
  /** configOperation is absent for legacy AlterConfigs (the set replaces every dynamic config). */
  readonly configs: readonly { readonly name: string; readonly value: string | null; readonly configOperation?: number }[];
}

export interface AlterDecision {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly error: ApiError;
  /** Set when error is NONE: the resource's complete new dynamic config set. */
  readonly change?: { readonly resource: ConfigResourceKey; readonly configs: Record<string, string> };
}

type Outcome = { configs: Record<string, string> } | { error: ApiError };

const NONE = apiError(ErrorCode.NONE);

export function decideConfigAlterations(
  model: ClusterModel,
  servingBrokerId: number,
  resources: readonly AlterResourceRequest[],
  mode: 'replace' | 'incremental',
): AlterDecision[] {
  const seen = new Map<string, number>();
  for (const r of resources) {
    const key = `${r.resourceType}\u0000${r.resourceName}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return resources.map((r): AlterDecision => {
    const base = { resourceType: r.resourceType, resourceName: r.resourceName };
    if (seen.get(`${r.resourceType}\u0000${r.resourceName}`)! > 1) {
      return { ...base, error: apiError(ErrorCode.INVALID_REQUEST, 'Each resource must appear at most once.') };
    }
    const outcome = decideResource(model, servingBrokerId, r, mode);
    if ('error' in outcome) return { ...base, error: outcome.error };
    const resource: ConfigResourceKey = r.resourceType === RESOURCE_TYPE.TOPIC
      ? { kind: 'topic', name: r.resourceName }
      : { kind: 'broker', name: r.resourceName };
    return { ...base, error: NONE, change: { resource, configs: outcome.configs } };
  });
}

function decideResource(model: ClusterModel, brokerId: number, r: AlterResourceRequest, mode: 'replace' | 'incremental'): Outcome {
  const names = r.configs.map((c) => c.name);
  if (new Set(names).size !== names.length) return { error: apiError(ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys') };
  const nulls = r.configs.filter((c) => c.value === null && (mode === 'replace' || c.configOperation !== CONFIG_OPERATION.DELETE));
  if (nulls.length > 0) {
    return { error: apiError(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${nulls.map((c) => c.name).join(', ')}`) };
  }
  switch (r.resourceType) {
    case RESOURCE_TYPE.TOPIC:
      return decideTopic(model, r, mode);
    case RESOURCE_TYPE.BROKER:
      return decideBroker(model, brokerId, r, mode);
    case RESOURCE_TYPE.BROKER_LOGGER:
      if (mode === 'incremental') {
        return { error: apiError(ErrorCode.INVALID_REQUEST, 'BROKER_LOGGER resources are not supported by the built-in cluster.') };
      }
      return { error: apiError(ErrorCode.INVALID_REQUEST, `Unknown resource type ${r.resourceType}`) };
    default:
      return { error: apiError(ErrorCode.INVALID_REQUEST, `Unknown resource type ${r.resourceType}`) };
  }
}

function decideTopic(model: ClusterModel, r: AlterResourceRequest, mode: 'replace' | 'incremental'): Outcome {
  const name = r.resourceName;
  let configs: Record<string, string>;
  if (mode === 'replace') {
    configs = Object.fromEntries(r.configs.map((c) => [c.name, c.value!]));
  } else {
    const applied = applyOperations(Object.fromEntries(model.configs({ kind: 'topic', name })), r, (config, op) => {
      if (TOPIC_CONFIGS.get(config)?.type !== 'LIST') {
        return apiError(ErrorCode.INVALID_CONFIG, `Can't ${op} to key ${config} because its type is not LIST.`);
      }
      return null;
    }, (config) => TOPIC_CONFIGS.get(config)?.default ?? null);
    if ('error' in applied) return applied;
    configs = applied.configs;
  }
  if (name === '') return { error: apiError(ErrorCode.INVALID_REQUEST, 'Default topic resources are not allowed.') };
  const invalid = invalidTopicNameReason(name);
  if (invalid !== null) return { error: apiError(ErrorCode.INVALID_TOPIC_EXCEPTION, invalid) };
  const error = checkTopicConfigs(configs);
  if (error) return { error };
  if (!model.topic(name)) {
    return { error: apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`) };
  }
  return { configs };
}

function decideBroker(model: ClusterModel, brokerId: number, r: AlterResourceRequest, mode: 'replace' | 'incremental'): Outcome {
  const name = r.resourceName;
  if (name !== '') {
    if (!/^[+-]?\d+$/.test(name)) return { error: apiError(ErrorCode.INVALID_REQUEST, `Node id must be an integer, but it is: ${name}`) };
    if (Number(name) !== brokerId) {
      return { error: apiError(ErrorCode.INVALID_REQUEST, `Unexpected broker id, expected ${brokerId}, but received ${name}`) };
    }
  }
  let configs: Record<string, string>;
  if (mode === 'replace') {
    configs = Object.fromEntries(r.configs.map((c) => [c.name, c.value!]));
  } else {
    const applied = applyOperations(Object.fromEntries(model.configs({ kind: 'broker', name })), r, (config, op) => {
      const def = BROKER_CONFIGS.get(config);
      if (!def) return apiError(ErrorCode.INVALID_CONFIG, `Unknown config name: ${config}`);
      if (def.type !== 'LIST') {
        return apiError(ErrorCode.INVALID_CONFIG, `Config value ${op.toLowerCase()} is not allowed for config key: ${config}`);
      }
      return null;
    }, (config) => BROKER_CONFIGS.get(config)?.default ?? null);
    if ('error' in applied) return applied;
    configs = applied.configs;
  }
  const readOnly = Object.keys(configs).filter((n) => BROKER_CONFIGS.get(n)?.mode === 'read-only');
  if (readOnly.length > 0) {
    return { error: apiError(ErrorCode.INVALID_REQUEST, `Cannot update these configs dynamically: Set(${readOnly.join(', ')})`) };
  }
  for (const [config, value] of Object.entries(configs)) {
    const reason = validateBrokerConfigValue(config, value);
    if (reason !== null) return { error: apiError(ErrorCode.INVALID_REQUEST, reason) };
  }
  return { configs };
}

/** Applies SET / DELETE / APPEND / SUBTRACT to a copy of `current`. */
function applyOperations(
  current: Record<string, string>,
  r: AlterResourceRequest,
  listCheck: (config: string, op: 'APPEND' | 'SUBTRACT') => ApiError | null,
  defaultOf: (config: string) => string | null,
): Outcome {
  const configs = { ...current };
  for (const c of r.configs) {
    const op = c.configOperation ?? -1;
    switch (op) {
      case CONFIG_OPERATION.SET:
        configs[c.name] = c.value!;
        break;
      case CONFIG_OPERATION.DELETE:
        delete configs[c.name];
        break;
      case CONFIG_OPERATION.APPEND:
      case CONFIG_OPERATION.SUBTRACT: {
        const opName = CONFIG_OPERATION_NAMES[op] as 'APPEND' | 'SUBTRACT';
        const error = listCheck(c.name, opName);
        if (error) return { error };
        const parts = (configs[c.name] ?? defaultOf(c.name) ?? '').split(',').filter((p) => p !== '');
        for (const v of c.value!.split(',')) {
          if (op === CONFIG_OPERATION.APPEND) {
            if (!parts.includes(v)) parts.push(v);
          } else {
            const at = parts.indexOf(v);
            if (at >= 0) parts.splice(at, 1);
          }
        }
        configs[c.name] = parts.join(',');
        break;
      }
      default:
        return { error: apiError(ErrorCode.INVALID_REQUEST, `Unknown operations type ${op}`) };
    }
  }
  return { configs };
}
