/**
 * One topic file's text → topic drafts (one per YAML document) plus the problems found in each document
 * on its own: YAML syntax, shape (JSON Schema), config names and values. Rules that need the project
 * (defaults, policies) or other topics live in topic-rules.ts and cross-topic.ts. Pure.
 */
import { convertConfigMap } from './config-values.js';
import type { SpecProblem } from './problems.js';
import { schemaProblems } from './schema-errors.js';
import { MAX_PARTITIONS, MAX_REPLICATION_FACTOR, PLACEMENTS, checkTopicShape } from './schemas.js';
import type { Placement } from './schemas.js';
import { isPlainObject, parseYaml } from './yaml-source.js';
import type { SourceDoc } from './yaml-source.js';

export interface TopicDraft {
  readonly file: string;
  /** The document, to locate later problems in. */
  readonly doc: SourceDoc;
  readonly name?: string;
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly placement?: Placement;
  readonly brokers?: readonly number[];
  readonly replicaAssignment?: readonly (readonly number[])[];
  /** The configs written in this document that are valid (Kafka string form, normalised). */
  readonly config: Readonly<Record<string, string>>;
  /** True when the document has a `config:` key (where config-wide problems are reported). */
  readonly hasConfigKey: boolean;
  readonly description?: string;
  /** True when this document already has errors (its topic will not reach the desired state). */
  readonly hasErrors: boolean;
}

export interface ParsedTopicFile {
  readonly drafts: readonly TopicDraft[];
  readonly problems: readonly SpecProblem[];
}

const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
const isBrokerId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2147483647;

function brokerList(v: unknown): number[] | undefined {
  return Array.isArray(v) && v.length > 0 && v.every(isBrokerId) ? [...v] : undefined;
}

function draftOf(doc: SourceDoc, data: Record<string, unknown>, file: string, problems: SpecProblem[]): TopicDraft {
  const shape = schemaProblems(checkTopicShape(data), doc, file);
  const config = convertConfigMap(data.config, { file, doc, basePath: ['config'] });
  problems.push(...shape, ...config.problems);
  const assignment = Array.isArray(data.replicaAssignment) ? data.replicaAssignment.map(brokerList) : undefined;
  return {
    file,
    doc,
    name: typeof data.name === 'string' ? data.name : undefined,
    partitions: isCount(data.partitions, MAX_PARTITIONS) ? data.partitions : undefined,
    replicationFactor: isCount(data.replicationFactor, MAX_REPLICATION_FACTOR) ? data.replicationFactor : undefined,
    placement: (PLACEMENTS as readonly unknown[]).includes(data.placement) ? (data.placement as Placement) : undefined,
    brokers: brokerList(data.brokers),
    replicaAssignment: assignment && assignment.length > 0 && assignment.every((a) => a !== undefined) ? (assignment as number[][]) : undefined,
    config: config.values,
    hasConfigKey: 'config' in data,
    description: typeof data.description === 'string' ? data.description : undefined,
    hasErrors: shape.length + config.problems.length > 0,
  };
}

/** Every topic of one file. `file` is the path relative to the project dir, used in problems. */
export function parseTopicFile(text: string, file: string): ParsedTopicFile {
  const parsed = parseYaml(text, file);
  const problems: SpecProblem[] = [...parsed.problems];
  const drafts: TopicDraft[] = [];
  for (const doc of parsed.docs) {
    if (!isPlainObject(doc.data)) {
      const got = Array.isArray(doc.data) ? 'a list' : doc.data === null ? 'nothing' : `a ${typeof doc.data}`;
      problems.push({
        severity: 'error',
        file,
        ...doc.start,
        path: '',
        message: `a topic document must be a mapping (name:, partitions:, config:, ...), got ${got}`,
      });
      continue;
    }
    drafts.push(draftOf(doc, doc.data, file, problems));
  }
  return { drafts, problems };
}
