/**
 * One broker's listener: a net.Server on loopback (its own port) handing every accepted socket to a
 * BrokerConnection. Closing it stops accepting and closes every open connection.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { BrokerConnection, type BrokerEnvironment } from './connection.js';

export class BrokerServer {
  private readonly server: Server;
  private readonly connections = new Set<BrokerConnection>();
  private nextConnectionId = 1;
  private boundPort = -1;

  private constructor(
    env: BrokerEnvironment,
    private readonly log: Logger,
  ) {
    this.server = createServer({ noDelay: true }, (socket: Socket) => {
      const connection = new BrokerConnection(socket, env, log.child({ connection: this.nextConnectionId++ }));
      this.connections.add(connection);
      socket.on('close', () => this.connections.delete(connection));
    });
  }

  /** Binds host:port (0 = an ephemeral port) and starts serving. */
  static async listen(env: BrokerEnvironment, host: string, port: number, log: Logger): Promise<BrokerServer> {
    const instance = new BrokerServer(env, log);
    const { server } = instance;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => log.error({ err }, 'listener error'));
    const address = server.address();
    if (address === null || typeof address === 'string') {
      await instance.close();
      throw new Error(`broker ${env.brokerId}: unexpected listener address ${String(address)}`);
    }
    instance.boundPort = address.port;
    log.info({ host, port: address.port }, 'broker listening');
    return instance;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Stops accepting connections and closes the open ones. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of this.connections) c.destroy();
    await closed;
    this.log.info('broker stopped');
  }
}
