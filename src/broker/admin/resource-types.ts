/** Kafka's ConfigResource types and IncrementalAlterConfigs operations (topic-configs.md, "Enums"). */
export const RESOURCE_TYPE = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;
export const CONFIG_OPERATION = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
export const CONFIG_OPERATION_NAMES = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'] as const;
