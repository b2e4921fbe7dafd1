/**
 * The rules one topic must follow once the project is known: Kafka's topic-name rules, protected names,
 * defaults, policies, config cross-checks, min.insync.replicas vs replication factor, and placement.
 * Draft + project → TopicSpec (when the topic has no errors) and problems. Pure.
 */
import { THROTTLED_REPLICA_CONFIGS, crossCheckTopicConfigs } from '../model/topic-configs.js';
import type { TopicSpec } from '../model/desired-state.js';
import { formatPath } from './problems.js';
import type { Severity, SpecProblem } from './problems.js';
import type { ProjectConfig } from './project-file.js';
import type { TopicDraft } from './topic-file.js';
import type { FieldPath } from './yaml-source.js';

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;

/** Kafka's Topic.validate wording ("Topic name is invalid: ..."), or null when the name is legal. */
export function invalidTopicName(name: string): string | null {
  let reason: string | null = null;
  if (name === '') reason = 'the empty string is not allowed';
  else if (name === '.') reason = "'.' is not allowed";
  else if (name === '..') reason = "'..' is not allowed";
  else if (name.length > MAX_TOPIC_NAME_LENGTH) reason = `the length of '${name}' is longer than the max allowed length ${MAX_TOPIC_NAME_LENGTH}`;
  else if (!LEGAL_NAME.test(name)) reason = `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`;
  return reason === null ? null : `Topic name is invalid: ${reason}`;
}

export interface ResolvedTopic {
  /** Present when the topic has no errors. */
  readonly spec?: TopicSpec;
  readonly problems: readonly SpecProblem[];
}

class TopicReporter {
  readonly problems: SpecProblem[] = [];
  constructor(private readonly draft: TopicDraft) {}

  add(severity: Severity, path: FieldPath, message: string, key = false): void {
    const { line, column } = this.draft.doc.locate(path, { key });
    this.problems.push({ severity, file: this.draft.file, line, column, path: formatPath(path), message });
  }

  get errors(): number {
    return this.problems.filter((p) => p.severity === 'error').length;
  }
}

function checkName(name: string, project: ProjectConfig, r: TopicReporter): void {
  const invalid = invalidTopicName(name);
  if (invalid !== null) r.add('error', ['name'], invalid);
  const protectedBy = project.protectedTopics.find((source) => new RegExp(source).test(name));
  if (protectedBy !== undefined) {
    r.add('error', ['name'], `"${name}" matches protected pattern '${protectedBy}'; protected topics may not be declared`);
  }
  const pattern = project.policies.namePattern;
  if (pattern !== undefined && !new RegExp(pattern).test(name)) {
    r.add('error', ['name'], `topic name "${name}" does not match policy namePattern '${pattern}'`);
  }
}

function sized(draft: TopicDraft, project: ProjectConfig, r: TopicReporter): { partitions?: number; replicationFactor?: number } {
  const partitions = draft.partitions ?? project.defaults.partitions;
  const replicationFactor = draft.replicationFactor ?? project.defaults.replicationFactor;
  const fromDefaults = (own: number | undefined): string => (own === undefined ? ' (from defaults)' : '');
  const shapeSaidSo = (key: string): boolean => key in (draft.doc.data as Record<string, unknown>);
  if (partitions === undefined && !shapeSaidSo('partitions')) {
    r.add('error', [], 'missing "partitions" (and topicops.yaml has no defaults.partitions)');
  }
  if (replicationFactor === undefined && !shapeSaidSo('replicationFactor')) {
    r.add('error', [], 'missing "replicationFactor" (and topicops.yaml has no defaults.replicationFactor)');
  }
  const { maxPartitions, minReplicationFactor, maxReplicationFactor } = project.policies;
  if (partitions !== undefined && maxPartitions !== undefined && partitions > maxPartitions) {
    r.add('error', ['partitions'], `${partitions} partitions${fromDefaults(draft.partitions)} exceeds policy maxPartitions (${maxPartitions})`);
  }
  if (replicationFactor !== undefined && minReplicationFactor !== undefined && replicationFactor < minReplicationFactor) {
    r.add('error', ['replicationFactor'],
      `replicationFactor ${replicationFactor}${fromDefaults(draft.replicationFactor)} is below policy minReplicationFactor (${minReplicationFactor})`);
  }
  if (replicationFactor !== undefined && maxReplicationFactor !== undefined && replicationFactor > maxReplicationFactor) {
    r.add('error', ['replicationFactor'],
      `replicationFactor ${replicationFactor}${fromDefaults(draft.replicationFactor)} exceeds policy maxReplicationFactor (${maxReplicationFactor})`);
  }
  return { partitions, replicationFactor };
}

function mergedConfig(draft: TopicDraft, project: ProjectConfig, r: TopicReporter): Record<string, string> {
  const config: Record<string, string> = {};
  const ignored = new Set(project.ignoredConfigs);
  for (const [name, value] of Object.entries(project.defaults.config)) {
    if (!ignored.has(name)) config[name] = value;
  }
  for (const [name, value] of Object.entries(draft.config)) {
    if ((THROTTLED_REPLICA_CONFIGS as readonly string[]).includes(name)) {
      r.add('error', ['config', name], `${name} is managed by partition reassignments; topicops never sets it`, true);
    } else if (ignored.has(name)) {
      r.add('warning', ['config', name], `${name} is in ignoredConfigs (topicops.yaml); topicops will not set it`, true);
    } else {
      config[name] = value;
    }
  }
  const configAt: FieldPath = draft.hasConfigKey ? ['config'] : [];
  const rawConfig = (draft.doc.data as Record<string, unknown>).config;
  const written = typeof rawConfig === 'object' && rawConfig !== null ? Object.keys(rawConfig) : [];
  for (const required of project.policies.requiredConfigs) {
    // A required config written with a bad value has its own error already.
    if (!(required in config) && !written.includes(required)) r.add('error', configAt, `config ${required} must be set (policy requiredConfigs)`, draft.hasConfigKey);
  }
  for (const message of crossCheckTopicConfigs(config)) r.add('error', configAt, message, draft.hasConfigKey);
  return config;
}

function checkMinIsr(draft: TopicDraft, config: Record<string, string>, rf: number | undefined, r: TopicReporter): void {
  const minIsrText = config['min.insync.replicas'];
  if (rf === undefined || minIsrText === undefined) return;
  const minIsr = Number(minIsrText);
  const own = 'min.insync.replicas' in draft.config;
  const at: FieldPath = own ? ['config', 'min.insync.replicas'] : draft.replicationFactor !== undefined ? ['replicationFactor'] : [];
  const origin = own ? '' : ' (from defaults)';
  if (minIsr > rf) {
    r.add('error', at, `min.insync.replicas ${minIsr}${origin} > replicationFactor ${rf}: the topic can never accept an acks=all write`);
  } else if (minIsr === rf) {
    r.add('warning', at, `min.insync.replicas ${minIsr}${origin} = replicationFactor ${rf}: one broker down blocks acks=all writes`);
  }
}

function checkPlacement(draft: TopicDraft, partitions: number | undefined, rf: number | undefined, r: TopicReporter): void {
  const data = draft.doc.data as Record<string, unknown>;
  if ('placement' in data && draft.placement === undefined) return; // invalid placement: reported by the schema
  const isStatic = draft.placement === 'static';
  if (isStatic && !('replicaAssignment' in data)) {
    r.add('error', ['placement'], 'placement static requires replicaAssignment (one broker list per partition)');
  }
  if (!isStatic && 'replicaAssignment' in data) {
    r.add('error', ['replicaAssignment'], 'replicaAssignment is only allowed with placement: static', true);
  }
  const brokers = draft.brokers;
  if (brokers !== undefined && rf !== undefined && brokers.length < rf) {
    r.add('error', ['brokers'], `lists ${brokers.length} broker(s), fewer than replicationFactor ${rf}`);
  }
  const assignment = draft.replicaAssignment;
  if (!isStatic || assignment === undefined) return;
  if (partitions !== undefined && assignment.length !== partitions) {
    r.add('error', ['replicaAssignment'], `has ${assignment.length} entries but the topic has ${partitions} partitions`);
  }
  assignment.forEach((replicas, p) => {
    if (rf !== undefined && replicas.length !== rf) {
      r.add('error', ['replicaAssignment', p], `partition ${p} has ${replicas.length} replicas but replicationFactor is ${rf}`);
    }
    const seen = new Set<number>();
    replicas.forEach((b, i) => {
      if (seen.has(b)) r.add('error', ['replicaAssignment', p, i], `broker ${b} appears twice in partition ${p}'s replicas`);
      seen.add(b);
      if (brokers !== undefined && !brokers.includes(b)) {
        r.add('error', ['replicaAssignment', p, i], `broker ${b} is not in this topic's brokers list [${brokers.join(', ')}]`);
      }
    });
  });
}

/** Applies defaults and every single-topic rule. Cross-topic rules (duplicates, collisions) are in cross-topic.ts. */
export function resolveTopic(draft: TopicDraft, project: ProjectConfig): ResolvedTopic {
  const r = new TopicReporter(draft);
  if (draft.name !== undefined) checkName(draft.name, project, r);
  const { partitions, replicationFactor } = sized(draft, project, r);
  const config = mergedConfig(draft, project, r);
  checkMinIsr(draft, config, replicationFactor, r);
  checkPlacement(draft, partitions, replicationFactor, r);
  if (draft.hasErrors || r.errors > 0 || draft.name === undefined || partitions === undefined || replicationFactor === undefined) {
    return { problems: r.problems };
  }
  const at = draft.doc.locate(['name']);
  const placement = draft.placement ?? project.defaults.placement;
  const spec: TopicSpec = {
    name: draft.name,
    partitions,
    replicationFactor,
    config,
    ...(placement !== undefined ? { placement } : {}),
    ...(draft.brokers !== undefined ? { brokers: draft.brokers } : {}),
    ...(draft.replicaAssignment !== undefined ? { replicaAssignment: draft.replicaAssignment } : {}),
    ...(draft.description !== undefined ? { description: draft.description } : {}),
    source: { file: draft.file, line: at.line, column: at.column },
  };
  return { spec, problems: r.problems };
}
