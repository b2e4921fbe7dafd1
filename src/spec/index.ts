/**
 * The topic spec: topicops.yaml + topics/*.yaml → ProjectConfig and DesiredState, with every problem
 * reported at file:line:column. The CLI is written against exactly these exports.
 */
export { loadProject, assembleProject } from './load.js';
export type { LoadResult, SourceFile } from './load.js';
export type { BuiltInClusterConfig, ClusterConfig, ProjectConfig, ProjectDefaults, ProjectPolicies } from './project-file.js';
export { PROJECT_FILE, defaultProjectConfig } from './project-file.js';
export { SpecError, formatProblems, formatProblem, hasErrors } from './problems.js';
export type { SpecProblem, Severity } from './problems.js';
export { parseDuration, parseSize } from './units.js';
export { PLACEMENTS } from './schemas.js';
export type { Placement } from './schemas.js';
export { invalidTopicName } from './topic-rules.js';
