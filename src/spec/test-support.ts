/** Helpers for the spec tests: load a fixture project and assert problems by exact location. Test-only. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadProject } from './load.js';
import type { LoadResult } from './load.js';
import type { Severity, SpecProblem } from './problems.js';

export const FIXTURES = fileURLToPath(new URL('../../test/fixtures/spec/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function loadFixture(name: string): Promise<LoadResult> {
  return loadProject(path.join(FIXTURES, name));
}

/**
 * Asserts exactly one problem at `where` ("file:line:column") with this severity and path whose message
 * contains every fragment; returns it.
 */
export function expectProblem(
  problems: readonly SpecProblem[],
  where: string,
  severity: Severity,
  fieldPath: string,
  ...fragments: string[]
): SpecProblem {
  const matches = problems.filter(
    (p) => `${p.file}:${p.line}:${p.column}` === where && p.severity === severity && p.path === fieldPath && fragments.every((f) => p.message.includes(f)),
  );
  const listing = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.path}: ${p.message}`).join('\n');
  expect(matches, `expected one ${severity} at ${where} (${fieldPath}) containing ${JSON.stringify(fragments)}; got:\n${listing}`).toHaveLength(1);
  return matches[0];
}

export function topicNames(result: LoadResult): string[] {
  return result.desired.topics.map((t) => t.name);
}

export function topic(result: LoadResult, name: string) {
  const t = result.desired.topics.find((x) => x.name === name);
  expect(t, `topic ${name} in desired state`).toBeDefined();
  return t!;
}
