/** Kafka's topic-name rules (org.apache.kafka.common.internals.Topic). */

export const CLUSTER_METADATA_TOPIC = '__cluster_metadata';
export const MAX_TOPIC_NAME_LENGTH = 249;

const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

/** Why `name` is not a legal topic name, in Kafka's words ("Topic name is invalid: …"), or null. */
export function invalidTopicNameReason(name: string): string | null {
  let reason: string | null = null;
  if (name === '') reason = 'the empty string is not allowed';
  else if (name === '.') reason = "'.' is not allowed";
  else if (name === '..') reason = "'..' is not allowed";
  else if (name.length > MAX_TOPIC_NAME_LENGTH) {
    reason = `the length of '${name}' is longer than the max allowed length ${MAX_TOPIC_NAME_LENGTH}`;
  } else if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    reason = `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return reason === null ? null : `Topic name is invalid: ${reason}`;
}

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}
