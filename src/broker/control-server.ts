/**
 * The built-in cluster's control endpoint: a loopback HTTP server through which another process (the
 * `topicops cluster broker` commands, tests) stops and starts single brokers of a running cluster.
 *
 *   GET  /brokers             → 200 [{ "id": 1, "online": true }, …]
 *   POST /brokers/<id>/stop   → 200 { "id": 2, "online": false }   (404 unknown broker)
 *   POST /brokers/<id>/start  → 200 { "id": 2, "online": true }
 *
 * Its address is written to `<dataDir>/control.json` by whoever runs the cluster (see writeControlFile).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from 'pino';
import type { RunningCluster } from './cluster.js';

export const CONTROL_FILE = 'control.json';

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface ControlFile {
  readonly pid: number;
  readonly url: string;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

export async function startControlServer(cluster: RunningCluster, log: Logger, host = '127.0.0.1'): Promise<ControlServer> {
  const brokers = () => cluster.brokers.map((b) => ({ id: b.id, online: cluster.onlineBrokers().includes(b.id) }));
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://control');
    if (req.method === 'GET' && url.pathname === '/brokers') return send(res, 200, brokers());
    const m = /^\/brokers\/(\d+)\/(stop|start)$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const id = Number(m[1]);
      if (!cluster.brokers.some((b) => b.id === id)) return send(res, 404, { error: `the cluster has no broker ${id}; brokers: ${cluster.brokers.map((b) => b.id).join(', ')}` });
      if (m[2] === 'stop') await cluster.stopBroker(id);
      else await cluster.startBroker(id);
      log.info({ broker: id, action: m[2] }, 'broker control');
      return send(res, 200, brokers().find((b) => b.id === id));
    }
    send(res, 404, { error: `no such control endpoint: ${req.method} ${url.pathname}` });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'control request failed');
      send(res, 500, { error: (err as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : -1;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function writeControlFile(dataDir: string, url: string): Promise<void> {
  const body: ControlFile = { pid: process.pid, url };
  await fs.writeFile(path.join(dataDir, CONTROL_FILE), `${JSON.stringify(body)}\n`);
}

export async function removeControlFile(dataDir: string): Promise<void> {
  await fs.rm(path.join(dataDir, CONTROL_FILE), { force: true });
}

/** The control endpoint of the cluster running on `dataDir`, or null when none is recorded. */
export async function readControlFile(dataDir: string): Promise<ControlFile | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(dataDir, CONTROL_FILE), 'utf8')) as Partial<ControlFile>;
    return typeof parsed.url === 'string' && typeof parsed.pid === 'number' ? { pid: parsed.pid, url: parsed.url } : null;
  } catch {
    return null;
  }
}
