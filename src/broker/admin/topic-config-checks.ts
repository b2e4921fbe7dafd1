/**
 * Kafka's validation of a topic's complete set of config overrides (LogConfig.validate as the controller runs it):
 * unknown names first, then each value, then the cross-field rules. Every failure is INVALID_CONFIG.
 */
import { ErrorCode } from '../../protocol/errors.js';
import { crossCheckTopicConfigs, TOPIC_CONFIGS, validateTopicConfigValue } from '../../model/topic-configs.js';
import { apiError, type ApiError } from './api-error.js';

/** The built-in cluster has no tiered storage (remote.log.storage.system.enable=false). */
const REMOTE_STORAGE_SYSTEM_ENABLED = false;

export function checkTopicConfigs(configs: Readonly<Record<string, string>>): ApiError | null {
  for (const name of Object.keys(configs)) {
    if (!TOPIC_CONFIGS.has(name)) return apiError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
  }
  for (const [name, value] of Object.entries(configs)) {
    const reason = validateTopicConfigValue(name, value);
    if (reason !== null) return apiError(ErrorCode.INVALID_CONFIG, reason);
  }
  const cross = crossCheckTopicConfigs(configs);
  const remote = configs['remote.storage.enable']?.trim().toLowerCase() === 'true';
  if (cross.length > 0 && !(remote && cross[0].startsWith('Remote log storage'))) {
    return apiError(ErrorCode.INVALID_CONFIG, cross[0]);
  }
  if (remote && !REMOTE_STORAGE_SYSTEM_ENABLED) {
    return apiError(
      ErrorCode.INVALID_CONFIG,
      'Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.',
    );
  }
  return cross.length > 0 ? apiError(ErrorCode.INVALID_CONFIG, cross[0]) : null;
}

/** CreateTopics: configs with a null value are refused as a group (ReplicationControlManager.computeConfigChanges). */
export function checkCreationConfigs(configs: readonly { name: string; value: string | null }[]): ApiError | null {
  const nulls = configs.filter((c) => c.value === null).map((c) => c.name);
  if (nulls.length > 0) {
    return apiError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${nulls.join(',')}`);
  }
  return checkTopicConfigs(creationConfigMap(configs));
}

/** The override map a CreateTopics config list asks for (a later duplicate wins, as in Kafka). */
export function creationConfigMap(configs: readonly { name: string; value: string | null }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of configs) if (c.value !== null) out[c.name] = c.value;
  return out;
}
