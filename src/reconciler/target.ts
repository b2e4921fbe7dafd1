/**
 * Which cluster a command talks to. Either a real Kafka cluster by bootstrap servers, or the built-in cluster
 * started in-process from its data dir on ephemeral loopback ports. Both are then reached the same way: over
 * the Kafka protocol (kafkajs plus our protocol client). There is no other path.
 */
export type ClusterTarget =
  | { readonly kind: 'bootstrap'; readonly name: string; readonly brokers: readonly string[] }
  | {
      readonly kind: 'built-in';
      readonly name: string;
      readonly dataDir: string;
      readonly brokers: number;
      readonly racks?: readonly string[];
    };

export function describeTarget(target: ClusterTarget): string {
  return target.kind === 'bootstrap'
    ? `cluster "${target.name}" at ${target.brokers.join(',')}`
    : `built-in cluster "${target.name}" (${target.brokers} brokers, data in ${target.dataDir})`;
}

/** Parses "host:port,host:port" into a list, with a clear error for a malformed entry. */
export function parseBootstrap(text: string): string[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new Error('--bootstrap needs at least one host:port');
  for (const e of entries) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(e);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new Error(`--bootstrap: "${e}" is not host:port (for example 127.0.0.1:9092)`);
    }
  }
  return entries;
}
