/**
 * ajv errors → SpecProblems with file:line:column, a field path and a plain-English message
 * (unknown keys get a "did you mean"). Pure.
 */
import type { ErrorObject } from 'ajv';
import { formatPath } from './problems.js';
import type { SpecProblem } from './problems.js';
import { didYouMean } from './suggest.js';
import type { FieldPath, SourceDoc } from './yaml-source.js';
import { BOOTSTRAP_PATTERN, CLUSTER_NAME_PATTERN } from './schemas.js';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing',
};

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "/config/retention.ms" → ['config', 'retention.ms']; array indexes become numbers. */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(seg)) {
      path.push(Number(seg));
      node = node[Number(seg)];
    } else {
      path.push(seg);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

interface Mapped {
  readonly path: FieldPath;
  readonly key?: boolean;
  readonly message: string;
}

function propertiesOf(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function mapError(e: ErrorObject, data: unknown): Mapped | null {
  const path = pointerToPath(e.instancePath, data);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = propertiesOf(e.parentSchema);
      const hint = didYouMean(key, known);
      return {
        path: [...path, key],
        key: true,
        message: `unknown key "${key}"${hint === '' ? ` (allowed: ${known.join(', ')})` : hint}`,
      };
    }
    case 'required':
      return { path, message: `missing required key "${String(p.missingProperty)}"` };
    case 'type': {
      const names = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).map(String);
      const types = names.map((t) => (t === 'boolean' && names.length > 1 ? 'a boolean' : (TYPE_NAMES[t] ?? t)));
      return { path, message: `expected ${orList(types)}, got ${describeValue(e.data)}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed) : '';
      return { path, message: `must be one of ${allowed.join(', ')}, got ${describeValue(e.data)}${hint}` };
    }
    case 'minimum':
      return { path, message: `must be at least ${String(p.limit)}, got ${describeValue(e.data)}` };
    case 'maximum':
      return { path, message: `must be at most ${String(p.limit)}, got ${describeValue(e.data)}` };
    case 'minItems':
      return { path, message: Number(p.limit) === 1 ? 'must not be an empty list' : `must have at least ${String(p.limit)} items` };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'minProperties':
      return { path, message: path[path.length - 1] === 'clusters' ? 'must define at least one cluster' : 'must not be empty' };
    case 'uniqueItems': {
      const [first, second] = [Number(p.i), Number(p.j)].sort((a, b) => a - b);
      const item = JSON.stringify((e.data as unknown[])[second]);
      return { path: [...path, second], message: `${item} is listed twice (items ${first} and ${second})` };
    }
    case 'pattern': {
      if (e.propertyName !== undefined) {
        return { path: [...path, e.propertyName], key: true, message: `invalid name "${e.propertyName}": must match ${CLUSTER_NAME_PATTERN}` };
      }
      if (p.pattern === BOOTSTRAP_PATTERN) {
        return { path, message: `expected host:port (e.g. kafka-1:9092), got ${describeValue(e.data)}` };
      }
      return { path, message: `must match ${String(p.pattern)}, got ${describeValue(e.data)}` };
    }
    case 'propertyNames':
      return null; // the failing name is reported by its own pattern error
    default:
      return { path, message: e.message ?? `failed ${e.keyword}` };
  }
}

/** One problem per meaningful ajv error, located in `doc`. */
export function schemaProblems(errors: readonly ErrorObject[], doc: SourceDoc, file: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const mapped = mapError(e, doc.data);
    if (mapped === null) continue;
    const { line, column } = doc.locate(mapped.path, { key: mapped.key });
    const problem: SpecProblem = { severity: 'error', file, line, column, path: formatPath(mapped.path), message: mapped.message };
    const id = `${problem.line}:${problem.column}:${problem.path}:${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems;
}
