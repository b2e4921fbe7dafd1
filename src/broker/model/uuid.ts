/**
 * Kafka UUIDs (org.apache.kafka.common.Uuid): 16 random bytes, written as URL-safe base64 without padding
 * (22 characters). Kafka redraws ids whose string form starts with '-' (it would look like a CLI flag) and the
 * reserved ZERO / METADATA ids. Cluster ids and topic ids both use this form.
 */
import { randomBytes } from 'node:crypto';

const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA';
const METADATA_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

/** A random Kafka UUID in its string form; `random` is injectable for tests. */
export function randomKafkaUuid(random: (n: number) => Buffer = randomBytes): string {
  for (;;) {
    const s = random(16).toString('base64url');
    if (!s.startsWith('-') && s !== ZERO && s !== METADATA_TOPIC_ID) return s;
  }
}

/** The wire form the protocol codec uses for uuid fields (dashed hex). */
export function kafkaUuidToHex(id: string): string {
  const hex = Buffer.from(id, 'base64url').toString('hex').padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const ZERO_UUID_HEX = '00000000-0000-0000-0000-000000000000';
