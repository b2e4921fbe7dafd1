import path from 'node:path';
import type { Command } from 'commander';
import { loadProject } from '../../spec/index.js';
import { startBuiltInCluster } from '../../broker/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { EXIT, ExitError } from '../exit.js';

interface StartOptions {
  brokers?: string;
  racks?: string;
  dataDir?: string;
  port: string;
  host: string;
  format: string;
}

function positiveInt(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ExitError(EXIT.error, `${flag}: "${text}" is not a whole number from 0 to ${max}`);
  return n;
}

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('run and manage the built-in Kafka cluster');
  cluster
    .command('start')
    .description('run the built-in cluster in the foreground (stop with Ctrl-C); brokers listen on --port, --port+1, …')
    .option('--brokers <n>', 'number of brokers (default: topicops.yaml, else 3)')
    .option('--racks <list>', 'comma-separated racks, assigned to brokers in turn (e.g. a,b,c)')
    .option('--data-dir <dir>', 'where the cluster keeps its state (default: topicops.yaml, else .topicops/cluster)')
    .option('--port <port>', 'port of the first broker (0 = any free port)', '9092')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--format <format>', 'text or json: how to print the listeners once started', 'text')
    .action(async (opts: StartOptions, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals<GlobalOptions>());
      const { project } = await loadProject(ctx.dir);
      const builtIn = project.clusters[ctx.globals.cluster ?? project.defaultCluster]?.builtIn;
      const brokers = opts.brokers !== undefined ? positiveInt('--brokers', opts.brokers, 1000) : (builtIn?.brokers ?? 3);
      if (brokers < 1) throw new ExitError(EXIT.error, '--brokers: a cluster needs at least 1 broker');
      const racks = opts.racks !== undefined ? opts.racks.split(',').map((r) => r.trim()).filter(Boolean) : builtIn?.racks;
      const dataDir = path.resolve(ctx.dir, opts.dataDir ?? builtIn?.dataDir ?? '.topicops/cluster');
      const port = positiveInt('--port', opts.port, 65535);

      let running;
      try {
        running = await startBuiltInCluster({ dataDir, brokers, racks, host: opts.host, port, logger: ctx.logger });
      } catch (err) {
        throw new ExitError(EXIT.error, (err as Error).message);
      }
      if (opts.format === 'json') {
        ctx.out(JSON.stringify({ clusterId: running.clusterId, bootstrap: running.bootstrap, brokers: running.brokers, dataDir }));
      } else {
        ctx.out(`Built-in Kafka cluster ${running.clusterId} running (data in ${dataDir}):`);
        for (const b of running.brokers) ctx.out(`  broker ${b.id} at ${b.host}:${b.port}${b.rack ? ` (rack ${b.rack})` : ''}`);
        ctx.out(`Bootstrap: ${running.bootstrap}\nPress Ctrl-C to stop.`);
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          ctx.logger.info({ signal }, 'stopping the built-in cluster');
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await running.stop();
      ctx.logger.info('built-in cluster stopped');
    });
}
