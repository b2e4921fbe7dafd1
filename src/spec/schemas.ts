/**
 * JSON Schemas for a topic document and for topicops.yaml, compiled once with ajv (allErrors, strict).
 * Shapes only; the rules that need Kafka's catalogue or several fields at once live in topic-rules.ts,
 * config-values.ts and project-file.ts. Enums are `as const` arrays shared with the types.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, SchemaObject } from 'ajv';

export const PLACEMENTS = ['balanced', 'rack-aware', 'static'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Kafka's limits: partition counts are int32, replication factors int16. */
export const MAX_PARTITIONS = 2147483647;
export const MAX_REPLICATION_FACTOR = 32767;

const brokerId = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;
const partitions = { type: 'integer', minimum: 1, maximum: MAX_PARTITIONS } as const;
const replicationFactor = { type: 'integer', minimum: 1, maximum: MAX_REPLICATION_FACTOR } as const;
const placement = { type: 'string', enum: [...PLACEMENTS] } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
/** Config names are checked against Kafka's catalogue (with suggestions) in config-values.ts. */
const configMap = {
  type: 'object',
  additionalProperties: {
    type: ['string', 'number', 'boolean', 'array'],
    items: { type: ['string', 'number'] },
  },
} as const;

export const topicDocumentSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string' },
    partitions,
    replicationFactor,
    config: configMap,
    placement,
    brokers: { type: 'array', items: brokerId, minItems: 1, uniqueItems: true },
    replicaAssignment: { type: 'array', minItems: 1, items: { type: 'array', items: brokerId, minItems: 1 } },
    description: { type: 'string' },
  },
};

/** host:port, host:port with IPv6 in brackets. */
export const BOOTSTRAP_PATTERN = '^(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]/]+):[0-9]{1,5}$';
export const CLUSTER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

export const projectFileSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    clusters: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: CLUSTER_NAME_PATTERN },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          builtIn: {
            type: 'object',
            additionalProperties: false,
            properties: {
              brokers: { type: 'integer', minimum: 1, maximum: 64 },
              racks: { type: 'array', items: { type: 'string', minLength: 1 } },
              dataDir: { type: 'string', minLength: 1 },
            },
          },
          bootstrap: { type: 'array', minItems: 1, items: { type: 'string', pattern: BOOTSTRAP_PATTERN } },
        },
      },
    },
    defaultCluster: { type: 'string', minLength: 1 },
    topicsDir: { type: 'string', minLength: 1 },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: { partitions, replicationFactor, placement, config: configMap },
    },
    policies: {
      type: 'object',
      additionalProperties: false,
      properties: {
        namePattern: { type: 'string', minLength: 1 },
        minReplicationFactor: replicationFactor,
        maxReplicationFactor: replicationFactor,
        maxPartitions: partitions,
        requiredConfigs: stringList,
      },
    },
    protectedTopics: { type: 'array', items: { type: 'string', minLength: 1 } },
    prune: { type: 'boolean' },
    ignoredConfigs: stringList,
  },
};

/** verbose: errors carry their data and parent schema, which the error mapper uses for messages and suggestions. */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const validateTopic = ajv.compile(topicDocumentSchema);
const validateProject = ajv.compile(projectFileSchema);

function run(validate: typeof validateTopic, data: unknown): ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** ajv errors for one topic document (empty when its shape is right). */
export function checkTopicShape(data: unknown): ErrorObject[] {
  return run(validateTopic, data);
}

/** ajv errors for topicops.yaml (empty when its shape is right). */
export function checkProjectShape(data: unknown): ErrorObject[] {
  return run(validateProject, data);
}
