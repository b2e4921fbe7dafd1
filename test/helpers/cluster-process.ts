/** Runs `topicops cluster start` as a separate process, as a user does, and reads where it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

export interface ClusterProcess {
  readonly bootstrap: string;
  readonly brokers: readonly { id: number; host: string; port: number; rack: string | null }[];
  readonly child: ChildProcess;
  stop(): Promise<number | null>;
}

export function startClusterProcess(args: readonly string[], cwd = REPO_ROOT): Promise<ClusterProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/topicops.js'), 'cluster', 'start', '--port', '0', '--format', 'json', '--log-level', 'warn', ...args],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`cluster start did not come up: ${err}`)), 30_000);
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`cluster start exited ${code}: ${err}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const info = JSON.parse(out.slice(0, nl));
      resolve({
        bootstrap: info.bootstrap,
        brokers: info.brokers,
        child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.removeAllListeners('exit');
            child.on('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
