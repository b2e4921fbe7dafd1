/**
 * Protocol connections to individual brokers, by id, for the requests Kafka wants sent to a particular broker:
 * IncrementalAlterConfigs on a BROKER resource goes to that broker (as Kafka's Admin client sends it).
 * Broker addresses come from a Metadata request on the bootstrap connection; connections open lazily and close
 * together.
 */
import { ApiKey } from '../protocol/api-keys.js';
import { ProtocolConnection } from '../protocol/client.js';
import type { MetadataResponse } from '../protocol/generated/MetadataResponse.js';
import type { ClusterConnection } from './connection.js';

export class BrokerConnections {
  private readonly open = new Map<number, Promise<ProtocolConnection>>();
  private addresses: Map<number, { host: string; port: number }> | null = null;

  constructor(
    private readonly conn: ClusterConnection,
    private readonly timeoutMs = 30_000,
  ) {}

  async to(brokerId: number): Promise<ProtocolConnection> {
    let c = this.open.get(brokerId);
    if (!c) {
      c = this.connect(brokerId);
      this.open.set(brokerId, c);
      c.catch(() => this.open.delete(brokerId));
    }
    return c;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(all.map(async (c) => (await c).close()));
  }

  private async connect(brokerId: number): Promise<ProtocolConnection> {
    if (!this.addresses?.has(brokerId)) {
      const protocol = await this.conn.protocol();
      const { body } = await protocol.request<MetadataResponse>(ApiKey.Metadata, { topics: [] });
      this.addresses = new Map(body.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
    }
    const address = this.addresses.get(brokerId);
    if (!address) throw new Error(`broker ${brokerId} is not in the cluster's metadata (is it running?)`);
    return ProtocolConnection.connect(address.host, address.port, { clientId: 'topicops', connectTimeoutMs: this.timeoutMs, requestTimeoutMs: this.timeoutMs });
  }
}
