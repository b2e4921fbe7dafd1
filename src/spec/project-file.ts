/**
 * topicops.yaml → ProjectConfig (clusters, defaults, policies, protected topics, prune, ignored configs),
 * with every problem located. Invalid parts fall back to their defaults so topic files can still be
 * checked in the same run. Pure (paths are resolved against the given absolute project dir).
 */
import path from 'node:path';
import { THROTTLED_REPLICA_CONFIGS, TOPIC_CONFIGS } from '../model/topic-configs.js';
import { convertConfigMap, unknownConfigMessage } from './config-values.js';
import { formatPath } from './problems.js';
import type { Severity, SpecProblem } from './problems.js';
import { schemaProblems } from './schema-errors.js';
import { BOOTSTRAP_PATTERN, checkProjectShape } from './schemas.js';
import type { Placement } from './schemas.js';
import { didYouMean } from './suggest.js';
import { isPlainObject, parseYaml } from './yaml-source.js';
import type { FieldPath, Position, SourceDoc } from './yaml-source.js';

export const PROJECT_FILE = 'topicops.yaml';
export const DEFAULT_TOPICS_DIR = 'topics';
export const DEFAULT_CLUSTER_NAME = 'local';
export const DEFAULT_BUILT_IN_BROKERS = 3;
export const DEFAULT_DATA_DIR = '.topicops/cluster';
export const DEFAULT_PROTECTED_TOPICS: readonly string[] = ['^__'];

export interface BuiltInClusterConfig {
  brokers: number;
  /** One rack per broker (racks[i] is the rack of the i-th broker); absent = no racks. */
  racks?: string[];
  /** Absolute path. */
  dataDir: string;
}

export interface ClusterConfig {
  name: string;
  bootstrap?: string[];
  builtIn?: BuiltInClusterConfig;
}

export interface ProjectDefaults {
  partitions?: number;
  replicationFactor?: number;
  placement?: Placement;
  /** Kafka string form, normalised. */
  config: Record<string, string>;
}

export interface ProjectPolicies {
  namePattern?: string;
  minReplicationFactor?: number;
  maxReplicationFactor?: number;
  maxPartitions?: number;
  requiredConfigs: string[];
}

export interface ProjectConfig {
  /** Absolute project dir. */
  dir: string;
  /** Absolute topics dir. */
  topicsDir: string;
  clusters: Record<string, ClusterConfig>;
  defaultCluster: string;
  defaults: ProjectDefaults;
  policies: ProjectPolicies;
  /** Valid regex sources only. */
  protectedTopics: string[];
  prune: boolean;
  /** Always includes the replication throttle replica lists. */
  ignoredConfigs: string[];
}

export interface ParsedProject {
  readonly project: ProjectConfig;
  readonly problems: readonly SpecProblem[];
  /** Where topicsDir was set, when it was (for "topics dir missing" problems). */
  readonly topicsDirAt?: Position;
}

function defaultDataDir(clusterName: string): string {
  return clusterName === DEFAULT_CLUSTER_NAME ? DEFAULT_DATA_DIR : `.topicops/cluster-${clusterName}`;
}

/** The project with no topicops.yaml: one built-in cluster `local` with 3 brokers and no racks. */
export function defaultProjectConfig(dir: string): ProjectConfig {
  return {
    dir,
    topicsDir: path.resolve(dir, DEFAULT_TOPICS_DIR),
    clusters: {
      [DEFAULT_CLUSTER_NAME]: {
        name: DEFAULT_CLUSTER_NAME,
        builtIn: { brokers: DEFAULT_BUILT_IN_BROKERS, dataDir: path.resolve(dir, DEFAULT_DATA_DIR) },
      },
    },
    defaultCluster: DEFAULT_CLUSTER_NAME,
    defaults: { config: {} },
    policies: { requiredConfigs: [] },
    protectedTopics: [...DEFAULT_PROTECTED_TOPICS],
    prune: false,
    ignoredConfigs: [...THROTTLED_REPLICA_CONFIGS],
  };
}

class Reporter {
  readonly problems: SpecProblem[] = [];
  constructor(
    private readonly file: string,
    private readonly doc: SourceDoc,
  ) {}

  add(severity: Severity, fieldPath: FieldPath, message: string, key = false): void {
    const { line, column } = this.doc.locate(fieldPath, { key });
    this.problems.push({ severity, file: this.file, line, column, path: formatPath(fieldPath), message });
  }
}

const BOOTSTRAP_RE = new RegExp(BOOTSTRAP_PATTERN);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isString) : []);

export function regexProblem(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : `invalid regular expression: ${String(e)}`;
  }
}

function parseClusters(raw: unknown, dir: string, r: Reporter): Record<string, ClusterConfig> {
  const clusters: Record<string, ClusterConfig> = {};
  if (!isPlainObject(raw)) return clusters;
  const dataDirs = new Map<string, string>();
  for (const [name, c] of Object.entries(raw)) {
    if (!isPlainObject(c)) continue;
    const at: FieldPath = ['clusters', name];
    const hasBuiltIn = 'builtIn' in c;
    const hasBootstrap = 'bootstrap' in c;
    const unknownKeys = Object.keys(c).some((k) => k !== 'builtIn' && k !== 'bootstrap');
    if (!hasBuiltIn && !hasBootstrap && unknownKeys) continue; // the unknown key (with its suggestion) is reported by the schema
    if (hasBuiltIn === hasBootstrap) {
      r.add('error', at, hasBuiltIn
        ? `cluster "${name}" must have exactly one of builtIn or bootstrap, not both`
        : `cluster "${name}" needs builtIn (a built-in cluster) or bootstrap (the brokers of an existing cluster)`, true);
      continue;
    }
    if (hasBootstrap) {
      const bootstrap = strings(c.bootstrap).filter((b) => BOOTSTRAP_RE.test(b));
      if (bootstrap.length > 0) clusters[name] = { name, bootstrap };
      continue;
    }
    const b = isPlainObject(c.builtIn) ? c.builtIn : {};
    const brokers = isInt(b.brokers) ? b.brokers : DEFAULT_BUILT_IN_BROKERS;
    const dataDir = path.resolve(dir, isString(b.dataDir) ? b.dataDir : defaultDataDir(name));
    const cluster: ClusterConfig = { name, builtIn: { brokers, dataDir } };
    if (Array.isArray(b.racks)) {
      const racks = strings(b.racks);
      if (racks.length !== brokers) {
        r.add('error', [...at, 'builtIn', 'racks'], `lists ${racks.length} rack(s) for ${brokers} broker(s); give one rack per broker`);
      }
      cluster.builtIn!.racks = racks;
    }
    const other = dataDirs.get(dataDir);
    if (other !== undefined) {
      r.add('error', [...at, 'builtIn'], `clusters "${other}" and "${name}" would share the data directory ${path.relative(dir, dataDir) || '.'}; set dataDir`);
    }
    dataDirs.set(dataDir, name);
    clusters[name] = cluster;
  }
  return clusters;
}

function parseDefaults(raw: unknown, file: string, doc: SourceDoc, r: Reporter): ProjectDefaults {
  const defaults: ProjectDefaults = { config: {} };
  if (!isPlainObject(raw)) return defaults;
  if (isInt(raw.partitions)) defaults.partitions = raw.partitions;
  if (isInt(raw.replicationFactor)) defaults.replicationFactor = raw.replicationFactor;
  if (raw.placement === 'static') {
    r.add('error', ['defaults', 'placement'], 'static placement cannot be a default: it needs a replicaAssignment per topic');
  } else if (raw.placement === 'balanced' || raw.placement === 'rack-aware') {
    defaults.placement = raw.placement;
  }
  const converted = convertConfigMap(raw.config, { file, doc, basePath: ['defaults', 'config'] });
  r.problems.push(...converted.problems);
  for (const [name, value] of Object.entries(converted.values)) {
    if ((THROTTLED_REPLICA_CONFIGS as readonly string[]).includes(name)) {
      r.add('error', ['defaults', 'config', name], `${name} is managed by partition reassignments; topicops never sets it`, true);
    } else {
      defaults.config[name] = value;
    }
  }
  return defaults;
}

function parsePolicies(raw: unknown, r: Reporter): ProjectPolicies {
  const policies: ProjectPolicies = { requiredConfigs: [] };
  if (!isPlainObject(raw)) return policies;
  if (isString(raw.namePattern)) {
    const bad = regexProblem(raw.namePattern);
    if (bad === null) policies.namePattern = raw.namePattern;
    else r.add('error', ['policies', 'namePattern'], bad);
  }
  if (isInt(raw.minReplicationFactor)) policies.minReplicationFactor = raw.minReplicationFactor;
  if (isInt(raw.maxReplicationFactor)) policies.maxReplicationFactor = raw.maxReplicationFactor;
  if (isInt(raw.maxPartitions)) policies.maxPartitions = raw.maxPartitions;
  const { minReplicationFactor: min, maxReplicationFactor: max } = policies;
  if (min !== undefined && max !== undefined && min > max) {
    r.add('error', ['policies', 'minReplicationFactor'], `minReplicationFactor ${min} is greater than maxReplicationFactor ${max}`);
  }
  if (Array.isArray(raw.requiredConfigs)) {
    raw.requiredConfigs.forEach((name, i) => {
      if (typeof name !== 'string') return;
      if (TOPIC_CONFIGS.has(name)) policies.requiredConfigs.push(name);
      else r.add('error', ['policies', 'requiredConfigs', i], unknownConfigMessage(name));
    });
  }
  return policies;
}

function parseProtected(raw: unknown, r: Reporter): string[] {
  if (!Array.isArray(raw)) return [...DEFAULT_PROTECTED_TOPICS];
  const out: string[] = [];
  raw.forEach((source, i) => {
    if (!isString(source)) return;
    const bad = regexProblem(source);
    if (bad === null) out.push(source);
    else r.add('error', ['protectedTopics', i], bad);
  });
  return out;
}

function parseIgnored(raw: unknown, r: Reporter): string[] {
  const out = new Set<string>(THROTTLED_REPLICA_CONFIGS);
  if (!Array.isArray(raw)) return [...out];
  raw.forEach((name, i) => {
    if (!isString(name)) return;
    if (!TOPIC_CONFIGS.has(name)) r.add('warning', ['ignoredConfigs', i], unknownConfigMessage(name));
    out.add(name);
  });
  return [...out];
}

function chooseDefaultCluster(raw: unknown, clusters: Record<string, ClusterConfig>, hadClusters: boolean, r: Reporter): string {
  const names = Object.keys(clusters);
  if (isString(raw)) {
    if (!(raw in clusters) && hadClusters) {
      r.add('error', ['defaultCluster'], `no cluster named "${raw}" in clusters${didYouMean(raw, names)}`);
    }
    return raw;
  }
  if (DEFAULT_CLUSTER_NAME in clusters || names.length === 0) return DEFAULT_CLUSTER_NAME;
  return names[0];
}

/** Reads the project from topicops.yaml's text; `dir` is the absolute project dir. */
export function parseProjectFile(text: string, dir: string, file: string = PROJECT_FILE): ParsedProject {
  const base = defaultProjectConfig(dir);
  const parsed = parseYaml(text, file);
  const problems: SpecProblem[] = [...parsed.problems];
  const [doc, ...extra] = parsed.docs;
  for (const d of extra) {
    problems.push({ severity: 'error', file, ...d.start, path: '', message: `${file} must hold a single YAML document` });
  }
  if (doc === undefined) return { project: base, problems };
  if (!isPlainObject(doc.data)) {
    problems.push({ severity: 'error', file, ...doc.start, path: '', message: `${file} must be a mapping (clusters:, defaults:, policies:, ...)` });
    return { project: base, problems };
  }
  const data = doc.data;
  problems.push(...schemaProblems(checkProjectShape(data), doc, file));
  const r = new Reporter(file, doc);
  const hadClusters = isPlainObject(data.clusters);
  const clusters = hadClusters ? parseClusters(data.clusters, dir, r) : base.clusters;
  const project: ProjectConfig = {
    dir,
    topicsDir: isString(data.topicsDir) ? path.resolve(dir, data.topicsDir) : base.topicsDir,
    clusters,
    defaultCluster: chooseDefaultCluster(data.defaultCluster, clusters, hadClusters, r),
    defaults: parseDefaults(data.defaults, file, doc, r),
    policies: parsePolicies(data.policies, r),
    protectedTopics: parseProtected(data.protectedTopics, r),
    prune: typeof data.prune === 'boolean' ? data.prune : false,
    ignoredConfigs: parseIgnored(data.ignoredConfigs, r),
  };
  problems.push(...r.problems);
  const topicsDirAt = isString(data.topicsDir) ? doc.locate(['topicsDir']) : undefined;
  return { project, problems, topicsDirAt };
}
