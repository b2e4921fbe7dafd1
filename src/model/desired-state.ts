/**
 * The desired state: what the YAML under topics/ plus topicops.yaml say, after validation,
 * defaults and unit normalisation. Produced by src/spec, consumed by src/planner.
 */

/** Where something was written, for messages that point the user at it. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Kafka topic configs by Kafka name, values normalised to Kafka's string form ("604800000", "compact,delete"). */
  readonly config: Readonly<Record<string, string>>;
  /** Placement strategy name (planner issue); undefined = project default. */
  readonly placement?: string;
  /** Broker subset the topic's replicas may use; undefined = all brokers. */
  readonly brokers?: readonly number[];
  /** Explicit replica lists per partition for placement `static`. */
  readonly replicaAssignment?: readonly (readonly number[])[];
  /** Free text from the YAML `description:` key; informational only (never sent to Kafka). */
  readonly description?: string;
  readonly source?: SourceLocation;
}

export interface DesiredState {
  readonly topics: readonly TopicSpec[];
  /** Regex sources; topics whose name matches are never changed or deleted. Default ["^__"]. */
  readonly protectedTopics: readonly string[];
  /** Delete topics that are in the cluster but not in the YAML. Default false. */
  readonly prune: boolean;
  /** Topic config names topicops never sets or removes (e.g. throttle lists owned by reassignments). */
  readonly ignoredConfigs: readonly string[];
  /**
   * Placement strategy of topics that name none. Absent: `rack-aware` when every broker has a rack, else `balanced`.
   * (`static` is never a default: it needs a replicaAssignment per topic.)
   */
  readonly defaultPlacement?: 'balanced' | 'rack-aware' | 'static';
}
