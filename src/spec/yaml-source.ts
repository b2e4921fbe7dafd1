/**
 * YAML text → plain documents that remember where every node was written, so that any problem found
 * later can be reported as file:line:column. Syntax errors become problems. Pure.
 */
import { LineCounter, isCollection, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode, ParsedNode } from 'yaml';
import type { SpecProblem } from './problems.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export type FieldPath = readonly (string | number)[];

export interface SourceDoc {
  /** The document as plain JSON-like data. */
  readonly data: unknown;
  /** Where the document's content starts. */
  readonly start: Position;
  /**
   * Where the node at `path` was written (its key when `key` is true, e.g. for unknown keys); falls back to
   * the deepest ancestor that exists, so a missing field points at the mapping that lacks it.
   */
  locate(path: FieldPath, options?: { key?: boolean }): Position;
  /** The scalar's text exactly as written (e.g. a 19-digit integer a JS number cannot hold). */
  scalarSource(path: FieldPath): string | undefined;
}

export interface ParsedYaml {
  readonly docs: readonly SourceDoc[];
  readonly problems: readonly SpecProblem[];
}

type AnyDoc = Document.Parsed<ParsedNode>;

interface Step {
  readonly key?: YamlNode;
  readonly value: YamlNode | null;
}

function child(node: YamlNode | null, segment: string | number): Step | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (k === segment || String(k) === String(segment)) {
        return { key: (pair.key as YamlNode | null) ?? undefined, value: (pair.value as YamlNode | null) ?? null };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as YamlNode | undefined;
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function offsetOf(node: YamlNode | null | undefined): number | undefined {
  return node?.range?.[0];
}

function makeSourceDoc(doc: AnyDoc, data: unknown, lines: LineCounter): SourceDoc {
  const pos = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const root = doc.contents as YamlNode | null;
  const startOffset = offsetOf(root) ?? doc.range[0];

  const walk = (path: FieldPath): { steps: Step[]; complete: boolean } => {
    const steps: Step[] = [{ value: root }];
    for (const segment of path) {
      const next = child(steps[steps.length - 1].value, segment);
      if (next === undefined) return { steps, complete: false };
      steps.push(next);
    }
    return { steps, complete: true };
  };

  return {
    data,
    start: pos(startOffset),
    locate(path, options = {}) {
      const { steps, complete } = walk(path);
      // Unknown keys point at the key; block collections at their key too (their value starts on the next line).
      const keyOf = (step: Step, explicit: boolean): number | undefined =>
        explicit || (isCollection(step.value) && !step.value.flow) ? offsetOf(step.key) : undefined;
      for (let i = steps.length - 1; i >= 0; i--) {
        const step = steps[i];
        const offset = keyOf(step, complete && i === steps.length - 1 && options.key === true) ?? offsetOf(step.value) ?? offsetOf(step.key);
        if (offset !== undefined) return pos(offset);
      }
      return pos(startOffset);
    },
    scalarSource(path) {
      const { steps, complete } = walk(path);
      const node = steps[steps.length - 1].value;
      return complete && isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
    },
  };
}

function isEmptyDocument(doc: AnyDoc): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && (c.source === '' || c.source === undefined));
}

/**
 * Every non-empty document of `text`. Documents with syntax errors are reported (each error with its
 * line:column) and left out; YAML warnings are reported as warnings.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
  const all: AnyDoc[] = Array.isArray(parsed) ? parsed : [];
  const docs: SourceDoc[] = [];
  const problems: SpecProblem[] = [];
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  for (const doc of all) {
    for (const e of doc.errors) {
      problems.push({ severity: 'error', file, ...at(e.pos[0]), path: '', message: `YAML syntax error: ${e.message}` });
    }
    for (const w of doc.warnings) {
      problems.push({ severity: 'warning', file, ...at(w.pos[0]), path: '', message: `YAML: ${w.message}` });
    }
    if (doc.errors.length > 0 || isEmptyDocument(doc)) continue;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      problems.push({ severity: 'error', file, ...at(offsetOf(doc.contents as YamlNode | null) ?? doc.range[0]), path: '', message: `YAML: ${message}` });
      continue;
    }
    docs.push(makeSourceDoc(doc, data, lines));
  }
  return { docs, problems };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
