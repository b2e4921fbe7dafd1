/** Small helpers to write DesiredState fixtures in tests. */
import type { DesiredState, TopicSpec } from '../../model/desired-state.js';

export function topicSpec(name: string, options: Partial<Omit<TopicSpec, 'name'>> = {}): TopicSpec {
  return { name, partitions: 1, replicationFactor: 3, config: {}, ...options };
}

export function desiredState(topics: readonly TopicSpec[], options: Partial<Omit<DesiredState, 'topics'>> = {}): DesiredState {
  return { topics, protectedTopics: ['^__'], prune: false, ignoredConfigs: [], ...options };
}
