import path from 'node:path';
import type { Command } from 'commander';
import { loadProject } from '../../spec/index.js';
import { readControlFile, removeControlFile, startBuiltInCluster, startControlServer, writeControlFile } from '../../broker/index.js';
import { isProcessAlive } from '../../broker/lock.js';
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
      const control = await startControlServer(running, ctx.logger.child({ component: 'control' }));
      await writeControlFile(dataDir, control.url);
      if (opts.format === 'json') {
        ctx.out(JSON.stringify({ clusterId: running.clusterId, bootstrap: running.bootstrap, brokers: running.brokers, dataDir, control: control.url }));
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
      await control.close();
      await removeControlFile(dataDir);
      await running.stop();
      ctx.logger.info('built-in cluster stopped');
    });
  registerBrokerControl(cluster);
}

interface BrokerControlOptions {
  dataDir?: string;
  format: string;
}

/** `topicops cluster broker list|stop|start`: drives a running `cluster start` through its control endpoint. */
function registerBrokerControl(cluster: Command): void {
  const broker = cluster
    .command('broker')
    .description('stop and start single brokers of a running built-in cluster (to try out failures)');
  const run = async (action: 'list' | 'stop' | 'start', id: string | undefined, opts: BrokerControlOptions, cmd: Command) => {
    const ctx = createContext(cmd.optsWithGlobals<GlobalOptions>());
    const { project } = await loadProject(ctx.dir);
    const builtIn = project.clusters[ctx.globals.cluster ?? project.defaultCluster]?.builtIn;
    const dataDir = path.resolve(ctx.dir, opts.dataDir ?? builtIn?.dataDir ?? '.topicops/cluster');
    const control = await readControlFile(dataDir);
    if (!control || !isProcessAlive(control.pid)) {
      throw new ExitError(EXIT.error, `no built-in cluster is running on ${dataDir}; start one with \`topicops cluster start --data-dir ${dataDir}\``);
    }
    if (action !== 'list' && (id === undefined || !/^\d+$/.test(id))) throw new ExitError(EXIT.error, `broker ${action}: give the broker id, e.g. \`topicops cluster broker ${action} 2\``);
    const url = action === 'list' ? `${control.url}/brokers` : `${control.url}/brokers/${id}/${action}`;
    let res: Response;
    try {
      res = await fetch(url, { method: action === 'list' ? 'GET' : 'POST' });
    } catch (err) {
      throw new ExitError(EXIT.error, `cannot reach the cluster's control endpoint ${control.url}: ${(err as Error).message}`);
    }
    const body = (await res.json()) as { error?: string } | { id: number; online: boolean } | { id: number; online: boolean }[];
    if (!res.ok) throw new ExitError(EXIT.error, `broker ${action} ${id}: ${(body as { error?: string }).error ?? res.statusText}`);
    const rows = Array.isArray(body) ? body : [body as { id: number; online: boolean }];
    if (opts.format === 'json') ctx.out(JSON.stringify(body));
    else for (const b of rows) ctx.out(`broker ${b.id}: ${b.online ? 'running' : 'stopped'}`);
  };
  const common = (c: Command) =>
    c.option('--data-dir <dir>', 'data dir of the running cluster (default: topicops.yaml, else .topicops/cluster)').option('--format <format>', 'text or json', 'text');
  common(broker.command('list').description('list the brokers and whether each is running')).action((opts: BrokerControlOptions, cmd: Command) => run('list', undefined, opts, cmd));
  common(broker.command('stop <id>').description('stop one broker as if it crashed: leaders move to other ISR members')).action((id: string, opts: BrokerControlOptions, cmd: Command) => run('stop', id, opts, cmd));
  common(broker.command('start <id>').description('start a stopped broker again: it catches up and rejoins the ISR')).action((id: string, opts: BrokerControlOptions, cmd: Command) => run('start', id, opts, cmd));
}
