/**
 * What every command needs: the global options, the terminal, the logger, the loaded project and the
 * cluster target. Loading reports every spec problem at once and refuses to go on when any is an error.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { formatProblems, hasErrors, loadProject, PROJECT_FILE, type LoadResult } from '../spec/index.js';
import { parseBootstrap, type ClusterTarget } from '../reconciler/target.js';
import { EXIT, ExitError } from './exit.js';
import { createLogger, parseLogLevel } from './logger.js';
import { detectTerminal, type Terminal } from './terminal.js';

export interface GlobalOptions {
  dir?: string;
  cluster?: string;
  bootstrap?: string;
  logLevel?: string;
  color?: boolean;
}

export interface CommandContext {
  readonly dir: string;
  readonly terminal: Terminal;
  readonly logger: Logger;
  readonly globals: GlobalOptions;
  out(text: string): void;
  err(text: string): void;
}

export function createContext(globals: GlobalOptions): CommandContext {
  const terminal = detectTerminal(process.env, globals.color);
  const level = globals.logLevel ? parseLogLevel(globals.logLevel) : terminal.stderrIsTty ? 'warn' : 'info';
  return {
    dir: path.resolve(globals.dir ?? process.cwd()),
    terminal,
    logger: createLogger(level),
    globals,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** Loads topicops.yaml and topics/; prints problems to stderr; throws ExitError(1) when any is an error. */
export async function loadValidProject(ctx: CommandContext): Promise<LoadResult> {
  const result = await loadProject(ctx.dir);
  if (result.problems.length > 0) ctx.err(formatProblems(result.problems, { color: ctx.terminal.color }));
  if (hasErrors(result.problems)) {
    throw new ExitError(EXIT.error, 'the topic spec has errors; nothing was planned or applied');
  }
  return result;
}

/**
 * Loads the project but only topicops.yaml has to be valid (which cluster, protectedTopics, defaults): for commands
 * that do not plan from topics/ (rebalance, apply --plan). Its problems go to stderr; `refusal` ends the error.
 */
export async function loadProjectFile(ctx: CommandContext, refusal: string): Promise<LoadResult> {
  const loaded = await loadProject(ctx.dir);
  const own = loaded.problems.filter((p) => p.file === PROJECT_FILE);
  if (own.length > 0) ctx.err(formatProblems(own, { color: ctx.terminal.color }));
  if (hasErrors(own)) throw new ExitError(EXIT.error, `${PROJECT_FILE} has errors; ${refusal}`);
  return loaded;
}

export function resolveTarget(ctx: CommandContext, loaded: LoadResult): ClusterTarget {
  const { globals } = ctx;
  if (globals.bootstrap) {
    return { kind: 'bootstrap', name: globals.cluster ?? 'bootstrap', brokers: parseBootstrap(globals.bootstrap) };
  }
  const { project } = loaded;
  const name = globals.cluster ?? project.defaultCluster;
  const cluster = project.clusters[name];
  if (!cluster) {
    const known = Object.keys(project.clusters);
    throw new ExitError(
      EXIT.error,
      `--cluster: no cluster named "${name}" in topicops.yaml (known: ${known.length ? known.join(', ') : 'none'})`,
    );
  }
  if (cluster.bootstrap) return { kind: 'bootstrap', name, brokers: cluster.bootstrap };
  const builtIn = cluster.builtIn ?? { brokers: 3, dataDir: '.topicops/cluster' };
  return {
    kind: 'built-in',
    name,
    brokers: builtIn.brokers,
    racks: builtIn.racks,
    dataDir: path.resolve(project.dir, builtIn.dataDir),
  };
}
