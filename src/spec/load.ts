/**
 * The project as a whole: topicops.yaml + every topic file → ProjectConfig, DesiredState and all problems.
 * `assembleProject` is pure (texts in, result out); `loadProject` is the only part that reads the filesystem.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredState, TopicSpec } from '../model/desired-state.js';
import { crossTopicProblems } from './cross-topic.js';
import type { SpecProblem } from './problems.js';
import { PROJECT_FILE, defaultProjectConfig, parseProjectFile } from './project-file.js';
import type { ParsedProject, ProjectConfig } from './project-file.js';
import { parseTopicFile } from './topic-file.js';
import type { TopicDraft } from './topic-file.js';
import { resolveTopic } from './topic-rules.js';

export interface LoadResult {
  project: ProjectConfig;
  desired: DesiredState;
  /** Sorted: topicops.yaml first, then topic files in path order, each by line and column. */
  problems: SpecProblem[];
}

export interface SourceFile {
  /** Path relative to the project dir, `/` separators. */
  readonly file: string;
  readonly text: string;
}

const TOPIC_FILE = /\.ya?ml$/i;

/** Problems ordered by file (in the given order), then line, then column; stable otherwise. */
export function sortProblems(problems: readonly SpecProblem[], fileOrder: readonly string[]): SpecProblem[] {
  const rank = new Map(fileOrder.map((f, i) => [f, i]));
  const rankOf = (f: string): number => rank.get(f) ?? fileOrder.length;
  return [...problems].sort(
    (a, b) => rankOf(a.file) - rankOf(b.file) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

/**
 * Pure core of loadProject. `dir` is the absolute project dir; `projectFile` null = no topicops.yaml;
 * `topicFiles` in declaration order; `extraProblems` are I/O problems the caller met while reading.
 */
export function assembleProject(
  dir: string,
  projectFile: SourceFile | null,
  topicFiles: readonly SourceFile[],
  extraProblems: readonly SpecProblem[] = [],
): LoadResult {
  const parsed = projectFile === null ? { project: defaultProjectConfig(dir), problems: [] } : parseProjectFile(projectFile.text, dir, projectFile.file);
  return assembleParsed(parsed, projectFile?.file ?? null, topicFiles, extraProblems);
}

function assembleParsed(
  parsedProject: Pick<ParsedProject, 'project' | 'problems'>,
  projectFileName: string | null,
  topicFiles: readonly SourceFile[],
  extraProblems: readonly SpecProblem[],
): LoadResult {
  const project = parsedProject.project;
  const problems: SpecProblem[] = [...parsedProject.problems, ...extraProblems];
  const drafts: TopicDraft[] = [];
  for (const f of topicFiles) {
    const parsed = parseTopicFile(f.text, f.file);
    problems.push(...parsed.problems);
    drafts.push(...parsed.drafts);
  }
  const cross = crossTopicProblems(drafts);
  problems.push(...cross.problems);
  const topics: TopicSpec[] = [];
  for (const draft of drafts) {
    const resolved = resolveTopic(draft, project);
    problems.push(...resolved.problems);
    if (resolved.spec !== undefined && !cross.rejected.has(draft)) topics.push(resolved.spec);
  }
  const desired: DesiredState = {
    topics,
    protectedTopics: [...project.protectedTopics],
    prune: project.prune,
    ignoredConfigs: [...project.ignoredConfigs],
  };
  const order = [...(projectFileName !== null ? [projectFileName] : []), ...topicFiles.map((f) => f.file)];
  return { project, desired, problems: sortProblems(problems, order) };
}

function relative(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * *.yaml / *.yml under `root` at any depth, sorted by relative path; entries starting with "." are skipped.
 * Throws only when `root` itself cannot be read; unreadable entries below it become `problems`.
 */
async function findTopicFiles(root: string, projectDir: string, problems: SpecProblem[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dirPath: string): Promise<void> => {
    const entries = await readdir(dirPath, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dirPath, entry.name);
      try {
        const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full)).isDirectory());
        if (isDir) await walk(full);
        else if (TOPIC_FILE.test(entry.name)) found.push(full);
      } catch (e) {
        problems.push({ severity: 'error', file: relative(projectDir, full), line: 0, column: 0, path: '', message: `cannot read: ${errorMessage(e)}` });
      }
    }
  };
  await walk(root);
  const key = (f: string): string => relative(root, f);
  return found.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Reads `<dir>/topicops.yaml` (if any) and every topic file under the topics dir. Bad input never throws:
 * it comes back as problems. (Unexpected I/O failures such as EACCES are reported as problems too.)
 */
export async function loadProject(dir: string): Promise<LoadResult> {
  const root = path.resolve(dir);
  const extra: SpecProblem[] = [];
  let projectFile: SourceFile | null = null;
  try {
    const text = await readIfExists(path.join(root, PROJECT_FILE));
    if (text !== null) projectFile = { file: PROJECT_FILE, text };
  } catch (e) {
    extra.push({ severity: 'error', file: PROJECT_FILE, line: 0, column: 0, path: '', message: `cannot read: ${errorMessage(e)}` });
  }
  const parsedProject: ParsedProject = projectFile ? parseProjectFile(projectFile.text, root) : { project: defaultProjectConfig(root), problems: [] };
  const { project, topicsDirAt } = parsedProject;
  const topicsRel = relative(root, project.topicsDir) || '.';
  const topicFiles: SourceFile[] = [];
  let paths: string[] = [];
  try {
    paths = await findTopicFiles(project.topicsDir, root, extra);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    const message = missing ? `topics directory ${topicsRel} does not exist` : `cannot read topics directory ${topicsRel}: ${errorMessage(e)}`;
    if (topicsDirAt !== undefined) {
      extra.push({ severity: 'error', file: PROJECT_FILE, ...topicsDirAt, path: 'topicsDir', message });
    } else {
      extra.push({ severity: missing ? 'warning' : 'error', file: topicsRel, line: 0, column: 0, path: '', message: missing ? `${message}; no topics declared` : message });
    }
  }
  for (const full of paths) {
    const file = relative(root, full);
    try {
      topicFiles.push({ file, text: await readFile(full, 'utf8') });
    } catch (e) {
      extra.push({ severity: 'error', file, line: 0, column: 0, path: '', message: `cannot read: ${errorMessage(e)}` });
    }
  }
  return assembleParsed(parsedProject, projectFile?.file ?? null, topicFiles, extra);
}
